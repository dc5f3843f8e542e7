"""Write the bytecode of what running the notebooks imports, and of nothing else (make setup's last step).

    PYTHONDONTWRITEBYTECODE= .venv/bin/python tools/compile_imports.py data|kernel

With PYTHONDONTWRITEBYTECODE set (as on these machines) no process writes .pyc files, so every kernel would
compile pandas and matplotlib again in memory. Compiling the whole environment (compileall) takes about
15 CPU-seconds, most of it on modules no run imports (jedi, pygments, most of fontTools, prompt_toolkit);
importing what a run imports, with bytecode writing on, compiles only those: about half the work. The Makefile
runs the two halves side by side, one per core: `data` (pandas, matplotlib, seaborn, the package's own
modules) and `kernel` (what a Jupyter kernel and papermill import). A module missed here is only compiled in
memory when it is used, as before; a module named here that no longer exists is skipped.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

# Imported by the notebooks' code when it draws, writes or reads, not when it is imported
DATA = ["pandas", "seaborn", "opencc", "matplotlib.backends.backend_svg", "matplotlib.backends.backend_mixed",
        "pandas.io.formats.csvs", "pandas.io.formats.html", "pandas.io.formats.string", "pandas.core.methods.to_dict",
        "pandas.core.reshape.reshape", "PIL.PngImagePlugin", "PIL.BmpImagePlugin", "PIL.GifImagePlugin",
        "PIL.JpegImagePlugin", "PIL.PpmImagePlugin"]
# What `python -m ipykernel_launcher` imports as it starts (its debugger included), and papermill and nbclient
KERNEL = ["papermill", "nbclient", "ipykernel_launcher", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger",
          "ipykernel.kernelspec", "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.logger",
          "IPython.core.oinspect", "IPython.extensions.storemagic", "IPython.utils.wildcard", "psutil",
          "tornado.platform.asyncio", "zmq.utils.garbage"]


def own_modules() -> list[str]:
    import sme_clusters

    return [f"sme_clusters.{m.name}" for m in pkgutil.iter_modules(sme_clusters.__path__) if m.name != "__main__"]


def main() -> None:
    names = {"data": lambda: DATA + own_modules(), "kernel": lambda: KERNEL}[sys.argv[1]]()
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


if __name__ == "__main__":
    main()
