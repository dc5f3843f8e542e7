"""The runner's kernels: ipykernel as `python -m ipykernel_launcher` starts it, without its debugger, and only for a
worker that is still there.

ipykernel imports debugpy at start so that JupyterLab can attach its debugger; nothing attaches one to a run's kernel,
and the import cost each kernel 0.3 s, or 1.3 s on a fresh machine, where it compiles debugpy's bytecode first.
Kernels started by JupyterLab keep the debugger: they start from the kernel spec as it is.

A worker writes its kernel's connection file into the kernel's private folder, then starts the kernel. A worker stopped
meanwhile (Ctrl-C, a failed data check) removes that folder, and may do so before it knows the kernel's process to kill.
ipykernel, finding no connection file, would make the folder again and write one of its own, for nobody: here the
kernel ends instead.
"""
import sys
from pathlib import Path


def _only_with_its_connection_file(app_class) -> None:
    """Make `app_class` end, rather than create its connection file, when the file it was given is gone."""
    create_or_load = app_class.init_connection_file

    def init_connection_file(app) -> None:
        if not Path(app.connection_file).is_file():
            app.exit(0)
        create_or_load(app)

    app_class.init_connection_file = init_connection_file


if __name__ == "__main__":
    # as ipykernel_launcher does: the working folder off the path while the kernel loads (the shell puts it back)
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    sys.modules["debugpy"] = None  # an import of it now fails, which ipykernel reads as "no debugger available"

    from ipykernel.kernelapp import IPKernelApp, launch_new_instance

    _only_with_its_connection_file(IPKernelApp)
    launch_new_instance()
