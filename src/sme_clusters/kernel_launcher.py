"""The runner's kernels: ipykernel as `python -m ipykernel_launcher` starts it, without its debugger.

ipykernel imports debugpy at start so that JupyterLab can attach its debugger; nothing attaches one to a run's kernel,
and the import cost each kernel 0.3 s, or 1.3 s on a fresh machine, where it compiles debugpy's bytecode first.
Kernels started by JupyterLab keep the debugger: they start from the kernel spec as it is.
"""
import sys
from pathlib import Path

if __name__ == "__main__":
    # as ipykernel_launcher does: the working folder off the path while the kernel loads (the shell puts it back)
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    sys.modules["debugpy"] = None  # an import of it now fails, which ipykernel reads as "no debugger available"

    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()
