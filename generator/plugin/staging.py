"""`mkdocs build` into a staging directory, made ready for a host and swapped in only when the build succeeded.

A data error or a broken link (strict mode counts warnings only at the very
end) leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.hosting.editions_in_site import include_editions, write_versions
from generator.hosting.postbuild import externalize_scripts, precompress, write_redirects_map
from generator.hosting.write import swap_in
from generator.memo import NO_MEMO, Memo


class Staging:
    def __init__(self, config) -> None:
        """Point MkDocs at `.SITE.building` beside the site directory."""
        self.target = Path(config["site_dir"])
        self.directory = self.target.with_name(f".{self.target.name}.building")
        shutil.rmtree(self.directory, ignore_errors=True)
        config["site_dir"] = str(self.directory)

    def finish(self, config, compressed: Memo | None, editions: tuple[Path, str] | None = None) -> None:
        """Inline scripts into files (for the CSP), the redirects for nginx, .gz/.br beside every text file, and the
        published editions (`editions`: the store and the latest version; None in an edition's own build); then swap in."""
        externalize_scripts(self.directory)
        redirects = config["plugins"].get("redirects")
        write_redirects_map(self.directory, redirects.config["redirect_maps"] if redirects else {})
        if editions is not None:
            write_versions(self.directory, *editions)
        precompress(self.directory, compressed or NO_MEMO)
        if editions is not None:  # last: the store's files are linked in, and nothing may write to them
            include_editions(self.directory, editions[0])
        swap_in(self.directory, self.target)
        config["site_dir"] = str(self.target)

    def drop(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
