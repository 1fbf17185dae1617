"""A rebuild after only the text of some stories changed, without a language run.

Every build leaves, beside its stamp, each Markdown file's size, time and
digest, and a digest of every other input (``Record``). When every file
changed since is a published story whose body alone changed, every page and
feed shows what it showed before, except that story's text: the checker
reads the same front matter, links and photos and finds no problem, and the
lead, the documents it cites and the rest of what Pelican is given come out
the same. The story's page and the feeds that carry it are then made from
the last build's files, the old text replaced by the new where it appears
exactly once; the search index remakes the story's part as in any build.

Any other change, or any doubt, is left to the full build: ``edited_stories``
and ``rewrite_bodies`` return None. The pages and feeds rewritten lose their
page key, so the next full build renders them again (the same bytes).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..incremental.caches import read_marshal, write_marshal
from ..incremental.fingerprints import code_digest, settings_digest
from ..model.digests import digest
from ..model.sources import LANGUAGES, FileStat, SourcePath, ignored_name

if TYPE_CHECKING:  # the build process imports this module without the checker
    from ..check.one_file import FileCheck

# More edited stories than this at once: a full build costs about as much.
MOST_STORIES = 20
_FEED_SUFFIXES = (".rss.xml", ".atom.xml")
# What a story's page shows of its body alone: the text itself, and its photos' key.
_BODY_FIELDS = {"source_digest", "photos_key"}


@dataclass(frozen=True)
class Record:
    """What one build read: each Markdown file by path, and every other input at once."""

    files: dict[str, tuple[int, int, str, str]]  # path -> size, time, digest, frame
    surroundings: str  # see surroundings()
    output: str  # the signature of the output the build left (its stamp's)
    # The index of this build, for the index kept beside it (vnportal/incremental/kept_index.py):
    # each file's frame and the surroundings. A rewrite of story text leaves it as it is.
    index_key: str = ""

    def save(self, path: Path) -> None:
        # Not dataclasses.asdict, which copies each of the tens of thousands of tuples.
        write_marshal(
            path,
            {
                "files": self.files,
                "surroundings": self.surroundings,
                "output": self.output,
                "index_key": self.index_key,
            },
        )
        path.with_suffix(".json").unlink(missing_ok=True)  # the form an older build wrote

    @classmethod
    def read(cls, path: Path) -> Record | None:
        found = read_marshal(path)
        try:
            files = found["files"]
            # Written whole by this code (marshal checks its own form): the first entry
            # vouches for the shape of the rest.
            if not isinstance(files, dict) or len(next(iter(files.values()), "....")) != 4:
                return None
            return cls(files, found["surroundings"], found["output"], found["index_key"])
        except (TypeError, KeyError):
            return None

    def source_digests(self, content: Path) -> SourceDigests:
        """Each file's digest by language and path inside its folder, as the search index
        names files: current after every rewrite, unlike any kept with the index."""
        return SourceDigests(self.files, content)

    def with_files(self, changed: Collection[FileCheck], output: str) -> Record:
        """This record after a rewrite of story text: the files read anew, the output left."""
        files = dict(self.files)
        for file in changed:
            files[str(file.path)] = (*file.identity, file.digest, file.frame)
        return Record(files, self.surroundings, output, self.index_key)


class SourceDigests(Mapping[tuple[str, str], str]):
    """A record's file digests by (language, path inside its folder), each looked up
    when asked for: a rewrite asks only about the stories of one search part, and
    renaming all 100,000 files of a large record took about a second."""

    def __init__(self, files: Mapping[str, tuple[int, int, str, str]], content: Path) -> None:
        self._files = files
        self._content = content
        self._prefix = os.fspath(content).rstrip(os.sep) + os.sep

    def __getitem__(self, source: tuple[str, str]) -> str:
        lang, relpath = source
        return self._files[f"{self._prefix}{lang}{os.sep}{relpath.replace('/', os.sep)}"][2]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for name in self._files:
            place = SourcePath.of(name, self._content)
            yield place.lang, place.relpath

    def __len__(self) -> int:
        return len(self._files)


def record_of(files: list[FileCheck], surroundings: str, output: str) -> Record:
    entries = {str(file.path): (*file.identity, file.digest, file.frame) for file in files}
    key = digest(surroundings, *(f"{path}\0{entries[path][3]}" for path in sorted(entries)))
    return Record(entries, surroundings, output, key)


def surroundings(
    roots: list[Path], walk: Callable[[Path], list[FileStat]], settings: dict[str, Any]
) -> str:
    """Every input but the Markdown files of the language folders: code, settings, the
    build date, theme, images, attachments, data files."""
    content = Path(settings["PATH"])
    stories = tuple(str(content / lang) + os.sep for lang in LANGUAGES)
    lines = [
        f"{path}\0{size}\0{time}"
        for root in roots
        for path, size, time in walk(root)
        if not (path.endswith(".md") and path.startswith(stories))
    ]
    return digest(code_digest(), settings_digest(settings), settings["PORTAL_TODAY"], *lines)


def story_files_walked(
    content: Path, walk: Callable[[Path], list[FileStat]]
) -> dict[str, tuple[int, int]]:
    """Each Markdown file of the language folders by path: its size and time, from the
    build's walk (the files story_files() lists, and any symbolic link named .md)."""
    found = {}
    for lang in LANGUAGES:
        folder = str(content / lang) + os.sep
        for path, size, time in walk(content / lang):
            if path.endswith(".md") and not _has_ignored_part(path[len(folder) :]):
                found[path] = (size, time)
    return found


def _has_ignored_part(relpath: str) -> bool:
    """Whether a folder or the file of ``relpath`` has a name ignored_name() refuses."""
    # Each such name begins with "." or holds "~" or "#": a path with none of them (all
    # but a few of 100,000 files) is settled without splitting it.
    suspect = relpath.startswith(".") or f"{os.sep}." in relpath or "~" in relpath
    if not suspect and "#" not in relpath:
        return False
    return any(ignored_name(part) for part in relpath.split(os.sep))


def changed_story_files(record: Record, walked: Mapping[str, tuple[int, int]]) -> list[str] | None:
    """The Markdown files whose size or time differs from ``record``'s; None when a file
    was added, removed or renamed."""
    if walked.keys() != record.files.keys():
        return None
    return [path for path, identity in walked.items() if identity != record.files[path][:2]]


def edited_stories(
    record: Record, read: list[FileCheck], warnings: Collection[str]
) -> list[tuple[FileCheck, str]] | None:
    """The stories whose body alone changed since ``record``'s build, each with its old
    digest; None when anything else changed, or nothing did.

    ``read``: the checker's reading of each file whose size or time changed since
    (changed_story_files); ``warnings``: what the build of ``record`` said.
    """
    edited = []
    for file in read:
        _, _, old_digest, old_frame = record.files[str(file.path)]
        if file.digest == old_digest:
            continue  # saved again unchanged
        if not _only_body_changed(file, old_frame, warnings):
            return None
        edited.append((file, old_digest))
    return edited if 0 < len(edited) <= MOST_STORIES else None


def _only_body_changed(now: FileCheck, old_frame: str, warnings: Collection[str]) -> bool:
    entry, story = now.entry, now.story
    if entry is None or story is None or not now.frame:
        return False  # a file with a problem: the full build says so
    if entry.kind != "article" or entry.status != "published" or entry.waits_until:
        return False  # documents, pages, drafts and scheduled stories: the full build
    if story.event or story.announcement or entry.document or entry.announcement:
        return False  # calendars and notices show more of a story than its card
    if any(warning.startswith(f"{now.shown}:") for warning in warnings):
        return False  # a warning about it may have moved or gone
    # The same front matter, entry, links and photos, and no problem then either.
    return now.frame == old_frame


@dataclass
class _Rewriter:
    """Rewrites one language's files in the staging folder."""

    reader: Any  # vnportal.render.reader.StoryReader
    settings: dict[str, Any]  # the language run's Pelican settings
    output: Path
    staging: Path
    files: Collection[str]  # every page and feed the last build made in this language
    context: dict[str, Any]  # what Pelican's link rewriting looks in: every story's address
    rewritten: set[str] = dataclasses.field(default_factory=set)

    def story(
        self, file: FileCheck, old_digest: str, page_written: Callable[[], None] | None = None
    ) -> bool:
        from ..render.feeds import entry_content, entry_id, feed_site

        source = file.read_source()
        old = self.reader.earlier_conversion(old_digest)
        if old is None or source is None:
            return False
        new = self.reader.conversion(file.path, source)
        if any(conversion[2] or conversion[3] for conversion in (old, new)):
            return False  # unsafe or vanished text: the full build says so
        before = self._pelican_story(file, old_digest, old)
        after = self._pelican_story(file, file.digest, new)
        if before is None or after is None or _shown(before) != _shown(after):
            return False  # its lead or the documents it cites changed: its card did
        siteurl = self.settings["SITEURL"]
        old_body, new_body = _content(before, siteurl), _content(after, siteurl)
        if old_body is None or new_body is None or after.save_as != before.save_as:
            return False
        if not self._replace(after.save_as, old_body, new_body):
            return False
        if page_written is not None:
            page_written()
        site = feed_site(self.settings)
        permalink = site.absolute(after.url)
        try:
            with _links_must_resolve():
                old_entry = entry_content(before, site, permalink)
                new_entry = entry_content(after, site, permalink)
        except _LinkNotFoundError:
            return False
        if "\r" in old_entry + new_entry:
            return False  # lxml writes it as &#13;
        ident = entry_id(after, site)
        old_text, new_text = escape(old_entry), escape(new_entry)
        feeds = sorted(path for path in self.files if path.endswith(_FEED_SUFFIXES))
        return all(self._replace_entry(feed, ident, old_text, new_text) for feed in feeds)

    def _pelican_story(self, file: FileCheck, source_digest: str, conversion: Any) -> Any:
        """The story as the language run's Pelican has it, its links made with the index's
        addresses; None if it links where only a whole run can tell (``{attach}``)."""
        from pelican.contents import Article

        from ..render.pelican_patches import intrasite_links

        html, metadata = self.reader.finish(
            file.path, file.entry, file.story, source_digest, conversion
        )
        if "attach" in intrasite_links(html, self.settings):
            return None  # it moves the file next to the story: a whole run's business
        if self.settings.get("RELATIVE_URLS"):
            return None
        return Article(
            html,
            metadata=metadata,
            settings=self.settings,
            source_path=str(file.path),
            context=self.context,
        )

    def _current(self, relpath: str) -> str | None:
        """The file as this rewrite left it, else as the last build did (bytes as they
        are: reading as text would turn a carriage return into a new line)."""
        data = self._current_bytes(relpath)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None  # changed by hand: see _current_bytes

    def _current_bytes(self, relpath: str) -> bytes | None:
        for folder in (self.staging, self.output):
            try:
                return (folder / relpath).read_bytes()
            except FileNotFoundError:
                continue
            except OSError:
                # Not as the last build left it: output/ was changed by hand, which the
                # walk of output/ (checked while the search index is made) tells too.
                return None
        return None

    def _write(self, relpath: str, text: str) -> None:
        self._write_bytes(relpath, text.encode("utf-8"))

    def _write_bytes(self, relpath: str, data: bytes) -> None:
        target = self.staging / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.rewritten.add(relpath)

    def _replace(self, relpath: str, old: str, new: str) -> bool:
        """The page's one copy of ``old`` replaced with ``new``."""
        text = self._current(relpath) if relpath in self.files else None
        if text is None or not old or text.count(old) != 1:
            return False
        self._write(relpath, text.replace(old, new))
        return True

    def _replace_entry(self, relpath: str, ident: str, old: str, new: str) -> bool:
        """In one feed: the story's entry, if the feed carries it, with its new text.

        Every feed of the language is looked at (24 MB at 5,000 stories) and few carry
        the story: they are searched as UTF-8 bytes, which finds what the text would
        (no character's bytes occur inside another's), without decoding them all."""
        data = self._current_bytes(relpath)
        if data is None:
            return False
        ident_bytes, old_bytes = ident.encode("utf-8"), old.encode("utf-8")
        at = data.find(ident_bytes)
        if at < 0:
            # Not in this feed (if its text is, it is: look again).
            return old_bytes not in data
        if data.find(ident_bytes, at + 1) >= 0 or not _is_utf8(data):
            return False
        start = max(data.rfind(b"<item>", 0, at), data.rfind(b"<entry>", 0, at))
        ends = [end for end in (data.find(b"</item>", at), data.find(b"</entry>", at)) if end >= 0]
        if start < 0 or not ends:
            return False
        end = min(ends)
        block = data[start:end]
        if not old or block.count(old_bytes) != 1:
            return False
        changed = block.replace(old_bytes, new.encode("utf-8"))
        self._write_bytes(relpath, data[:start] + changed + data[end:])
        return True


def _is_utf8(data: bytes) -> bool:
    """A feed that is not UTF-8 was changed by hand: the full build makes it again."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def rewrite_bodies(
    edited: list[tuple[FileCheck, str]],
    index: Any,
    settings_of: Callable[[str], dict[str, Any]],
    output: Path,
    staging: Path,
    previous_keys: Mapping[str, Collection[str]],
    pages_written: Callable[[], None] | None = None,
) -> dict[str, set[str]] | None:
    """Each edited story's page and feeds, rewritten into ``staging``; by language, the
    files rewritten. None, with nothing to be used in staging, when one cannot be.

    ``pages_written`` is called once every edited story's page is in ``staging``, before
    the last one's feeds: the search index, which reads pages only, may start then.
    """
    addresses = _Addresses(index)
    from ..render.pelican_patches import forget_contents
    from ..render.reader import StoryReader
    from ..render.run import language_run

    rewriters: dict[str, _Rewriter] = {}
    last = len(edited) - 1
    try:
        for number, (file, old_digest) in enumerate(edited):
            if file.lang not in rewriters:
                settings = settings_of(file.lang)
                context = {
                    "generated_content": addresses,
                    "static_content": _StaticFiles(settings),
                    "localsiteurl": settings["SITEURL"],
                }
                rewriters[file.lang] = _Rewriter(
                    StoryReader(settings),
                    settings,
                    output,
                    staging,
                    previous_keys[file.lang],
                    context,
                )
            then = pages_written if number == last else None
            if not rewriters[file.lang].story(file, old_digest, then):
                return None
    finally:
        forget_contents()  # the stories read here are not asked for their HTML again
    for rewriter in rewriters.values():  # the new conversions, for the next edit and build
        language_run(rewriter.settings).save_markdown_caches(keep_unused=True, in_background=True)
    return {lang: rewriter.rewritten for lang, rewriter in rewriters.items()}


class _Addresses(Mapping[str, SimpleNamespace]):
    """Pelican's ``generated_content``, where it finds a {filename} link's target by its
    path under content/: each story's address, looked up in the index when a link asks
    (made for all 100,000 stories of a large site, they took a few tenths of a second)."""

    def __init__(self, index: Any) -> None:
        self._index = index

    def __getitem__(self, path: str) -> SimpleNamespace:
        lang, _, relpath = path.partition("/")
        entry = self._index.entry(lang, relpath)
        if entry is None:
            raise KeyError(path)
        return SimpleNamespace(url=entry.url)

    def __iter__(self) -> Iterator[str]:
        return (f"{entry.lang}/{entry.relpath}" for entry in self._index.entries)

    def __len__(self) -> int:
        return len(self._index.entries)


class _StaticFiles(dict):
    """Pelican's ``static_content`` for {static} links: each file under content/ read as
    Pelican's static generator reads it (pelican/generators.py:1044), when asked for."""

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__()
        self.settings = settings
        self.readers: Any = None

    def get(self, relpath: str, default: Any = None) -> Any:
        from pelican.contents import Static
        from pelican.readers import Readers

        if relpath not in self:
            folders = tuple(f"{folder}/" for folder in self.settings["STATIC_PATHS"])
            if (
                not relpath.startswith(folders)
                or not (Path(self.settings["PATH"]) / relpath).is_file()
            ):
                return default
            self.readers = self.readers or Readers(self.settings)
            self[relpath] = self.readers.read_file(
                base_path=self.settings["PATH"],
                path=relpath,
                content_class=Static,
                fmt="static",
                context={"static_content": {}, "generated_content": {}},
            )
        return self[relpath]


def _shown(story: Any) -> str:
    """What pages other than its own show of a story: all Pelican has but its body."""
    return repr(
        {key: value for key, value in story.metadata.items() if key not in _BODY_FIELDS}
        | {"url": story.url, "save_as": story.save_as}
    )


class _LinkNotFoundError(Exception):
    """Pelican could not find where a link of the story goes."""


class _FailOnMissingLink(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        raise _LinkNotFoundError(record.getMessage())


@contextmanager
def _links_must_resolve() -> Iterator[None]:
    """Pelican only warns when it cannot find a link's target (the language run stops
    there): within this block, such a warning raises _LinkNotFoundError."""
    log = logging.getLogger("pelican.contents")
    handler = _FailOnMissingLink(logging.WARNING)
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)


def _content(story: Any, siteurl: str) -> str | None:
    """The story's HTML as its page shows it; None if a link's target is not found."""
    try:
        with _links_must_resolve():
            return story.get_content(siteurl)
    except _LinkNotFoundError:
        return None
