// Framework selector of the GAN book: the buttons under each chapter title choose the
// framework of every tab set on the page. sphinx-design syncs tab sets of the group
// "framework", stores the choice in localStorage and honours ?framework=... in the URL;
// this script only adds the buttons and keeps them in step with the tabs.
(function () {
  'use strict';
  var KEY = 'sphinx-design-tab-id-framework';  // sphinx-design's storage key for the group

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (err) { return null; }
  }

  function store(fw) {
    try { window.localStorage.setItem(KEY, fw); } catch (err) { /* no persistence */ }
  }

  function markButtons(fw) {
    document.querySelectorAll('.d2l-fw-button').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.framework === fw));
    });
    document.querySelectorAll('.d2l-download[data-framework], .d2l-colab').forEach(
      function (link) { link.classList.toggle('d2l-current', link.dataset.framework === fw); });
  }

  function select(fw) {
    var labels = document.querySelectorAll(
      'label.sd-tab-label[data-sync-group="framework"][data-sync-id="' + fw + '"]');
    labels.forEach(function (label) {
      var input = document.getElementById(label.getAttribute('for'));
      if (input) { input.checked = true; }
    });
    store(fw);
    markButtons(fw);
  }

  // The frameworks of the chapter bar's buttons, in tab order (generated from d2lmini's
  // registry); the first one is the default
  function offered() {
    return Array.prototype.map.call(document.querySelectorAll('.d2l-fw-button'),
                                    function (button) { return button.dataset.framework; });
  }

  // The URL's ?framework=, else the stored choice, else the default; unknown names are skipped
  function current() {
    var names = offered();
    var candidates = [new URLSearchParams(window.location.search).get('framework'), stored()];
    for (var i = 0; i < candidates.length; i++) {
      if (names.indexOf(candidates[i]) >= 0) { return candidates[i]; }
    }
    return names[0];
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.d2l-fw-button').forEach(function (button) {
      button.addEventListener('click', function () { select(button.dataset.framework); });
    });
    // Tabs chosen directly also update the buttons
    document.querySelectorAll('.sd-tab-set > input[type="radio"]').forEach(function (input) {
      input.addEventListener('change', function () {
        var label = input.nextElementSibling;
        if (label && label.dataset.syncGroup === 'framework') {
          markButtons(label.dataset.syncId);
        }
      });
    });
    var fw = current();
    if (fw) { select(fw); }  // pages without a chapter bar have no framework tabs
  });
})();
