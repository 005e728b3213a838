"""MXNet's own ps-lite launcher (mxnet/tools/launch.py), made to run here: Python 3.11, loopback.

    python -m d2lmini._mx_launch -n 2 -s 1 --launcher local python -m d2lmini.dist ...

Same arguments as launch.py, which is run unchanged after three patches:
1. dmlc_tracker (shipped in the mxnet 1.9.1 wheel) calls Thread.isAlive(), removed in Python
   3.9: launch.py dies with "AttributeError: 'Thread' object has no attribute 'isAlive'".
2. The tracker finds the host's address by routing towards 10.255.255.255 (a network
   interface, not loopback), and ps-lite nodes bind the first non-loopback interface: the
   scheduler, server and workers are pinned to 127.0.0.1 (DMLC_NODE_HOST).
3. The tracker gives the scheduler the first port from 9091 up that it can bind, then lets it
   go: two launches at the same moment (a test and a notebook, measured) both took 9091, their
   workers met at one scheduler, and both jobs hung. The scheduler's port now comes from the
   operating system, which hands out a different free port each time.
"""
import os
import runpy
import socket
import sys
import threading

import d2lmini  # noqa: F401  (the numpy.bool shim mxnet 1.9.1 needs, before mxnet)
import mxnet  # noqa: E402  (only to find launch.py)

threading.Thread.isAlive = threading.Thread.is_alive
from dmlc_tracker import tracker  # noqa: E402

tracker.get_host_ip = lambda host_ip=None: '127.0.0.1'
_start_scheduler = tracker.PSTracker.__init__


def _start_scheduler_on_a_free_port(self, hostIP, cmd, port=None, port_end=None, envs=None):
    with socket.socket() as sock:  # port 0: the operating system picks a free one
        sock.bind(('127.0.0.1', 0))
        free = sock.getsockname()[1]
    _start_scheduler(self, hostIP, cmd, port=free, port_end=free + 1, envs=envs)


tracker.PSTracker.__init__ = _start_scheduler_on_a_free_port
os.environ['DMLC_NODE_HOST'] = '127.0.0.1'
os.environ.setdefault('PS_VERBOSE', '0')
launch = os.path.join(os.path.dirname(mxnet.__file__), 'tools', 'launch.py')
sys.argv = [launch] + sys.argv[1:]
runpy.run_path(launch, run_name='__main__')
