import os
import sys

from .editors.cli import main

code = main()
# A build leaves a large heap behind: freeing it object by object would add a
# noticeable pause after the work is done, so the process ends without it.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
