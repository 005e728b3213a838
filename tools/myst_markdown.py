"""Turn the MyST of a chapter's Markdown cells into Markdown that Jupyter renders.

The website is built from the MyST sources and keeps every role and directive; the
notebooks that learners open in JupyterLab, Notebook 7, Colab or on GitHub get plain
Markdown instead:

- labels `(sec-x)=` are dropped, and so are MyST comments (`% ...` lines);
- citations {cite:p}`Key` / {cite:t}`Key` become author-year text, "(Goodfellow et al.,
  2014)" / "Goodfellow et al. (2014)", linked to the References cell that closes the
  notebook (or to the website's bibliography when the site's address is known);
- {ref}, {numref} and {doc} become chapter and section names, linked to the chapter's
  notebook in the same folder (or to its page on the website when the address is known);
  figures, exercises and equations are numbered within the notebook;
- exercises become headed blocks and solutions `<details>` blocks, folded until opened;
- figures become images embedded in the Markdown (data: URLs: JupyterLab 4 refuses SVG
  cell attachments) with a numbered caption, and admonitions block quotes headed by their
  kind;
- `$...$` and `$$...$$` math stays (Jupyter renders it); {math} directives become `$$`
  blocks and {eq} roles equation numbers.

Anything else MyST-only is an error (MystError) naming the chapter and the construct, so
that a new construct gets a conversion instead of reaching a learner as raw markup.
"""
import base64
import mimetypes
import pathlib
import re
from dataclasses import dataclass, field

import pybtex.database
from pybtex.richtext import Text


class MystError(ValueError):
    """A MyST construct that has no Markdown conversion, or a reference that is broken."""


FENCE = re.compile(r'^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$')
DIRECTIVE = re.compile(r'^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$')
OPTION = re.compile(r'^:(?P<key>[\w-]+):\s*(?P<value>.*)$')
LABEL_LINE = re.compile(r'^\((?P<label>[^()\s]+)\)=\s*$')
HEADING = re.compile(r'^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$')
DISPLAY_MATH_LABEL = re.compile(r'^(?P<math>.*\$\$)\s*\((?P<label>[^()\s]+)\)\s*$')
# A role, or an inline code span (skipped: a role written inside code is an example)
INLINE = re.compile(r'(?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))'
                    r'|\{(?P<role>[a-zA-Z][\w:+-]*)\}`(?P<content>[^`]+)`', re.S)
EXPLICIT_TARGET = re.compile(r'^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$', re.S)

ADMONITIONS = {'note': 'Note', 'tip': 'Tip', 'hint': 'Hint', 'important': 'Important',
               'warning': 'Warning', 'caution': 'Caution', 'attention': 'Attention',
               'danger': 'Danger', 'error': 'Error', 'seealso': 'See also'}
TITLED = ('admonition', 'margin', 'sidebar', 'topic')   # quotes headed by their argument
CODE_DIRECTIVES = ('code', 'code-block', 'sourcecode')
INLINE_HTML = {'sub': 'sub', 'sup': 'sup', 'kbd': 'kbd'}
# MyST that must not reach a notebook (tools/notebooks.py and its tests check)
LEFTOVER_PATTERNS = {
    'role': re.compile(r'\{[a-zA-Z][\w:+-]*\}`'),
    'directive': re.compile(r'^\s*(`{3,}|~{3,}|:{3,})\s*\{', re.M),
    'label line': re.compile(r'^\([^()\s]+\)=\s*$', re.M),
    'directive option': re.compile(r'^\s*:(label|class|name|tags|alt|width|align):', re.M),
    'substitution': re.compile(r'\{\{.*?\}\}'),
}


CODE_BLOCK = re.compile(r'^(?P<fence>`{3,}|~{3,})(?!\s*\{).*?\n.*?^(?P=fence)\s*$',
                        re.M | re.S)


def myst_leftovers(markdown):
    """The MyST-only constructs still present in a piece of Markdown: [(kind, text)].
    Code blocks and inline code are not searched: there, MyST is an example to read."""
    prose = INLINE.sub(lambda m: '' if m.group('code') else m.group(0),
                       CODE_BLOCK.sub('', markdown))
    return [(kind, m.group(0).strip()) for kind, pattern in LEFTOVER_PATTERNS.items()
            for m in pattern.finditer(prose)]


@dataclass
class Target:
    """Something a reference can point at: a section, figure, exercise or equation."""
    chapter: str
    kind: str
    title: str = ''
    level: int = 1


@dataclass
class Book:
    """What a conversion knows about the whole book.

    `targets` maps labels to Targets, `titles` chapter names to titles, `notebooks` the
    chapters that have notebooks, `bibliography` keys to pybtex entries, `site` the
    website's address (ending in '/') or None, `source_dir` where figures are read from.
    """
    targets: dict
    titles: dict
    notebooks: set
    bibliography: dict
    site: str | None
    source_dir: pathlib.Path
    chapter_numbers: dict = field(default_factory=dict)  # from _toc.yml

    @classmethod
    def from_sources(cls, pages, bib_path, site, source_dir):
        """`pages`: (chapter name, MyST text) of every page of the book, in reading order."""
        targets, titles = {}, {}
        for chapter, text in pages:
            titles[chapter] = scan_labels(chapter, text, targets)
        bibliography = dict(pybtex.database.parse_file(str(bib_path)).entries)
        return cls(targets, titles, set(), bibliography, site, source_dir)


def scan_labels(chapter, text, targets):
    """Record a page's section, figure and exercise labels; return the page's title.

    Headings count outside fenced blocks only (a code cell's `# comment` is no heading);
    inside a directive, its `:label:` or `:name:` option names a target of its kind."""
    title, pending, block = None, None, None   # block: (fence char, width, directive)
    for line in text.splitlines():
        stripped = line.strip()
        if block:
            char, width, directive = block
            option = OPTION.match(stripped)
            if stripped and set(stripped) == {char} and len(stripped) >= width:
                block = None
            elif option and option.group('key') in ('name', 'label') and directive:
                kind = {'math': 'equation'}.get(directive, directive)
                targets.setdefault(option.group('value').strip(), Target(chapter, kind))
            continue
        fence, label, heading = FENCE.match(line), LABEL_LINE.match(line), HEADING.match(line)
        if fence:
            opened = DIRECTIVE.match(fence.group('info').strip())
            block = (fence.group('fence')[0], len(fence.group('fence')),
                     opened.group('name') if opened else None)
        elif label:
            pending = label.group('label')
        elif heading:
            level = len(heading.group('hashes'))
            if title is None and level == 1:
                title = heading.group('title')
            if pending:
                targets[pending] = Target(chapter, 'section', heading.group('title'), level)
            pending = None
        elif stripped:
            pending = None
    return title or chapter


@dataclass
class Page:
    """The state of converting one notebook: numbers given so far, works cited, images.

    Figures, exercises and labelled equations are numbered in the order they appear; a
    conversion runs twice (`convert_cells`) so that a reference may come before its target.
    """
    book: Book
    chapter: str
    framework: str
    numbers: dict = field(default_factory=dict)    # label -> number within the notebook
    kinds: dict = field(default_factory=dict)      # label -> 'figure', 'exercise', ...
    counters: dict = field(default_factory=dict)   # kind -> last number given
    cited: list = field(default_factory=list)      # bibliography keys, first use first
    heading_level: int = 1
    final: bool = False

    def number(self, kind, label):
        self.counters[kind] = self.counters.get(kind, 0) + 1
        if label:
            self.numbers[label], self.kinds[label] = self.counters[kind], kind
        return self.counters[kind]

    def error(self, message):
        return MystError(f'{self.chapter}.md: {message}')


def convert_cells(sources, page):
    """Convert the Markdown cells of one notebook: a list of Markdown texts."""
    for final in (False, True):   # the first pass only numbers the targets
        page.final, page.counters, page.cited, page.heading_level = final, {}, [], 1
        results = []
        for source in sources:
            results.append(convert(source, page))
    return results


def convert(text, page):
    markdown = '\n'.join(convert_lines(text.splitlines(), page)).strip('\n')
    left = myst_leftovers(markdown)
    if left and page.final:
        raise page.error(f'MyST left after conversion: {left}')
    return markdown


def convert_lines(lines, page):
    out, paragraph = [], []

    def flush():
        if paragraph:
            out.extend(convert_inline('\n'.join(paragraph), page).split('\n'))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            flush()
            end = closing_fence(lines, i, fence.group('fence'), page)
            out.extend(convert_fenced(fence, lines[i + 1:end], lines[i:end + 1], page))
            i = end + 1
            continue
        if line.lstrip().startswith('$$'):
            # display math is kept out of the inline conversion (and numbered if labelled)
            flush()
            end = i if line.count('$$') == 2 else next(
                (j for j in range(i + 1, len(lines)) if '$$' in lines[j]), None)
            if end is None:
                raise page.error(f'unclosed $$ display math: {line!r}')
            out.extend(display_math(lines[i:end + 1], page))
            i = end + 1
            continue
        if LABEL_LINE.match(line) or line.startswith('%'):
            flush()        # a label or a MyST comment: nothing for the reader
        else:
            heading = HEADING.match(line)
            if heading:
                page.heading_level = len(heading.group('hashes'))
            paragraph.append(line)
        i += 1
    flush()
    return out


def closing_fence(lines, start, fence, page):
    char, width = fence[0], len(fence)
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= width:
            return j
    raise page.error(f'unclosed fence: {lines[start]!r}')


def convert_fenced(fence, body, whole, page):
    directive = DIRECTIVE.match(fence.group('info').strip())
    if directive is None:
        if fence.group('fence')[0] == ':':
            raise page.error(f'a ::: block that is not a directive: {whole[0]!r}')
        return whole                       # a plain code block, kept verbatim
    name, argument = directive.group('name'), directive.group('argument').strip()
    options, content = split_options(body)
    handler = DIRECTIVES.get(name)
    if handler is None and name in ADMONITIONS:
        handler = admonition
    if handler is None:
        raise page.error(f'the directive {{{name}}} has no Markdown form for notebooks: '
                         f'convert it in tools/myst_markdown.py or write plain Markdown')
    return handler(name, argument, options, content, page)


def split_options(body):
    """A directive's `:key: value` lines (or `---` YAML block), then its content."""
    options, i = {}, 0
    if body and body[0].strip() == '---':
        end = body.index('---', 1) if '---' in body[1:] else None
        if end is None:
            raise MystError(f'unclosed option block in a directive: {body[:3]}')
        for line in body[1:end]:
            key, _, value = line.partition(':')
            options[key.strip()] = value.strip()
        i = end + 1
    while i < len(body) and OPTION.match(body[i].strip()) and body[i].strip():
        option = OPTION.match(body[i].strip())
        options[option.group('key')] = option.group('value').strip()
        i += 1
    return options, body[i:]


# Directives -------------------------------------------------------------------------------

def exercise(name, argument, options, content, page):
    number = page.number('exercise', options.get('label'))
    level = min(page.heading_level + 1, 6)
    title = f'Exercise {number}' + (f': {convert_inline(argument, page)}' if argument else '')
    return [f"{'#' * level} {title}", '', *trimmed(convert_lines(content, page))]


def solution(name, argument, options, content, page):
    return folded('Solution', content, page)


def dropdown(name, argument, options, content, page):
    return folded(convert_inline(argument, page) if argument else 'Details', content, page)


def folded(summary, content, page):
    # <details> renders folded in JupyterLab, Notebook 7, Colab and on GitHub; the blank
    # lines around the content make its Markdown and math render inside the block
    return ['<details>', f'<summary>{summary}</summary>', '',
            *trimmed(convert_lines(content, page)), '', '</details>']


def trimmed(lines):
    """Lines without the blank ones at both ends."""
    text = '\n'.join(lines).strip('\n')
    return text.split('\n') if text else []


def figure(name, argument, options, content, page):
    number = page.number('figure', options.get('name'))
    image = embed_image(argument, page)
    alt = options.get('alt', '').replace('[', '(').replace(']', ')')
    caption = ' '.join(' '.join(convert_lines(content, page)).split())
    return [f'![{alt}]({image})', '', f'*Figure {number}: {caption}*']


def embed_image(path, page):
    """An image of the book as a data: URL, so that the notebook needs no other file."""
    source = (page.book.source_dir / path).resolve()
    if not source.is_file():
        raise page.error(f'figure {path!r} not found in {page.book.source_dir}')
    mime = mimetypes.guess_type(source.name)[0]
    if mime is None or not mime.startswith('image/'):
        raise page.error(f'figure {path!r} is not an image')
    return f'data:{mime};base64,{base64.b64encode(source.read_bytes()).decode()}'


def admonition(name, argument, options, content, page):
    """A block quote headed by the kind ("Note") or, for the titled ones, the title."""
    title = convert_inline(argument, page) if name in TITLED else ADMONITIONS[name]
    if name in TITLED and not argument:
        raise page.error(f'an {{{name}}} needs a title')
    body = convert_lines(content, page)
    return [f'> **{title}**', '>', *[f'> {line}'.rstrip() for line in body]]


def math_block(name, argument, options, content, page):
    lines = [argument] if argument else []
    return display_math(['$$', *lines, *content, '$$'], page, options.get('label'))


def display_math(lines, page, label=None):
    """`$$ ... $$`, with `\\tag{n}` when labelled (`$$ (label)` or a {math} :label:)."""
    last = DISPLAY_MATH_LABEL.match(lines[-1])
    if last:
        label, lines = last.group('label'), [*lines[:-1], last.group('math')]
    if label:
        number = page.number('equation', label)
        closing = lines[-1].rstrip()   # ends with the closing $$
        lines = [*lines[:-1], f'{closing[:-2].rstrip()} \\tag{{{number}}}$$'.lstrip()]
    return lines


def code_block(name, argument, options, content, page):
    return [f'```{argument}', *content, '```']


DIRECTIVES = {'exercise': exercise, 'solution': solution, 'dropdown': dropdown,
              'figure': figure, 'math': math_block,
              **{name: admonition for name in TITLED},
              **{name: code_block for name in CODE_DIRECTIVES}}


# Roles ------------------------------------------------------------------------------------

def convert_inline(text, page):
    def replace(match):
        if match.group('code'):
            return match.group('code')
        role, content = match.group('role'), match.group('content')
        handler = ROLES.get(role)
        if handler is None:
            raise page.error(f'the role {{{role}}} has no Markdown form for notebooks: '
                             f'{match.group(0)!r}')
        return handler(role, content.replace('\n', ' '), page)
    return INLINE.sub(replace, text)


def cite(role, content, page):
    keys = [key.strip() for key in content.split(',') if key.strip()]
    works = []
    for key in keys:
        if key not in page.book.bibliography:
            raise page.error(f'{{cite}} of {key!r}, which is not in references.bib')
        if key not in page.cited:
            page.cited.append(key)
        authors, year = author_year(page.book.bibliography[key])
        link = bibliography_link(key, page)
        works.append((authors, year, link))
    if role == 'cite:t':
        return ', '.join(f'[{a} ({y})]({link})' for a, y, link in works)
    return '(' + '; '.join(f'[{a}, {y}]({link})' for a, y, link in works) + ')'


def author_year(entry):
    """("Goodfellow et al.", "2014") as sphinxcontrib-bibtex's author_year style shows it."""
    people = entry.persons.get('author') or entry.persons.get('editor') or []
    names = [latex_text(' '.join(p.prelast_names + p.last_names)) for p in people]
    if not names:
        raise MystError(f'references.bib: {entry.key} has no author')
    if len(names) == 1:
        authors = names[0]
    elif len(names) == 2:
        authors = f'{names[0]} and {names[1]}'
    else:
        authors = f'{names[0]} et al.'
    return authors, latex_text(entry.fields.get('year', 'n.d.'))


def bibliography_link(key, page):
    if page.book.site:
        return f'{page.book.site}book/bibliography.html'
    return '#References'   # the heading of the notebook's last cell (references_cell)


def latex_text(latex):
    """BibTeX's LaTeX (braces, accents, `--`) as plain text, `\\url{x}` as `<x>`."""
    pieces = re.split(r'\\url\{([^}]*)\}', latex)
    return ''.join(f'<{piece}>' if i % 2 else Text.from_latex(piece).render_as('text')
                   for i, piece in enumerate(pieces))


def reference_entry(entry):
    """One work of the References cell, in Markdown."""
    fields = entry.fields
    people = entry.persons.get('author') or []
    names = [latex_text(' '.join(p.first_names + p.middle_names + p.prelast_names
                                 + p.last_names)) for p in people]
    authors = ', '.join(names[:-1]) + (' and ' if len(names) > 1 else '') + names[-1]
    parts = [f"{authors} ({latex_text(fields.get('year', 'n.d.'))}). "
             f"*{latex_text(fields['title'])}*."]
    venue = fields.get('booktitle') or fields.get('journal')
    if venue:
        details = [latex_text(venue)]
        if 'volume' in fields:
            details.append(f"volume {fields['volume']}")
        if 'pages' in fields:
            details.append('pages ' + latex_text(fields['pages']))
        parts.append(', '.join(details) + '.')
    if 'publisher' in fields:
        parts.append(latex_text(fields['publisher']) + '.')
    if fields.get('archiveprefix', '').lower() == 'arxiv' and 'eprint' in fields:
        eprint = fields['eprint']
        parts.append(f'[arXiv:{eprint}](https://arxiv.org/abs/{eprint}).')
    if 'doi' in fields:
        parts.append(f"[doi:{fields['doi']}](https://doi.org/{fields['doi']}).")
    if 'note' in fields:
        parts.append(latex_text(fields['note']) + '.')
    return ' '.join(parts)


def references_cell(page):
    """The Markdown of the notebook's References cell, or None when nothing is cited."""
    if not page.cited:
        return None
    entries = sorted(page.cited, key=lambda k: author_year(page.book.bibliography[k]))
    lines = ['## References', '']
    lines += [f'- {reference_entry(page.book.bibliography[key])}' for key in entries]
    if page.book.site:
        lines += ['', f'The [bibliography]({page.book.site}book/bibliography.html) of the '
                      'website lists every work the book cites.']
    return '\n'.join(lines)


def link(text, chapter, label, page):
    """`text` linked to a chapter: its page on the website, its notebook next to this one,
    or plain text (a page without a notebook, when the site's address is unknown)."""
    if chapter == page.chapter:
        return text
    if page.book.site:
        anchor = f'#{label}' if label else ''
        return (f'[{text}]({page.book.site}book/{chapter}.html'
                f'?framework={page.framework}{anchor})')
    if chapter in page.book.notebooks:
        return f'[{text}]({chapter}.ipynb)'
    return text


def numbered(label, kind, page, role):
    """'Figure 2' / 'Exercise 3' / '(1)' for a target of this notebook."""
    if not page.final:
        return '?'
    if label not in page.numbers:
        raise page.error(f'{{{role}}} to the {kind} {label!r}, which is not in this '
                         f'notebook: refer to its chapter instead')
    number = page.numbers[label]
    return f'({number})' if kind == 'equation' else f'{kind.capitalize()} {number}'


def ref(role, content, page):
    explicit = EXPLICIT_TARGET.match(content)
    text, label = (explicit.group('text'), explicit.group('target')) if explicit \
        else (None, content.strip())
    if role == 'numref' and text and ('%s' in text or '{number}' in text):
        # Only a chapter has a number a notebook can know (from _toc.yml): "Chapter %s"
        target = page.book.targets.get(label)
        number = None if target is None or target.kind != 'section' or target.level > 1 \
            else page.book.chapter_numbers.get(target.chapter)
        if number is None:
            raise page.error(f'{{numref}} with a number in its text ({content!r}) to a '
                             'target that is not a numbered chapter: write the words, e.g. '
                             '{ref}`text <label>`')
        text = text.replace('%s', str(number)).replace('{number}', str(number))
        return link(text, target.chapter, None, page)
    if label in page.kinds:            # a figure, exercise or equation of this notebook
        return text or numbered(label, page.kinds[label], page, role)
    target = page.book.targets.get(label)
    if target is None and not page.final:
        return '?'                     # numbered later in this notebook
    if target is None:
        raise page.error(f'{{{role}}} to {label!r}, which no page of the book defines')
    if target.kind == 'section':
        if text:
            return link(text, target.chapter, label if target.level > 1 else None, page)
        name = link(target.title, target.chapter, label if target.level > 1 else None, page)
        if role == 'numref':
            return ('the chapter ' if target.level == 1 else 'the section ') + name
        return name
    if target.chapter != page.chapter:
        article = 'an' if target.kind[0] in 'aeiou' else 'a'
        return text or f'{article} {target.kind} of the chapter ' + link(
            page.book.titles[target.chapter], target.chapter, None, page)
    return text or numbered(label, target.kind, page, role)


def doc(role, content, page):
    explicit = EXPLICIT_TARGET.match(content)
    text, name = (explicit.group('text'), explicit.group('target')) if explicit \
        else (None, content.strip())
    chapter = pathlib.PurePosixPath(name).name
    if chapter not in page.book.titles:
        raise page.error(f'{{doc}} to {name!r}, which is not a page of the book')
    return link(text or page.book.titles[chapter], chapter, None, page)


def eq(role, content, page):
    return numbered(content.strip(), 'equation', page, role)


def inline_math(role, content, page):
    return f'${content}$'


def inline_html(role, content, page):
    tag = INLINE_HTML[role]
    return f'<{tag}>{content}</{tag}>'


def abbr(role, content, page):
    return content


ROLES = {'cite:p': cite, 'cite:t': cite, 'ref': ref, 'numref': ref, 'doc': doc, 'eq': eq,
         'math': inline_math, 'abbr': abbr, **{name: inline_html for name in INLINE_HTML}}
