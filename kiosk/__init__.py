"""Front-desk service-recovery kiosk."""

import os

__version__ = "0.1.0"

# The kiosk uses no pydantic plugins: without this, the first model pydantic builds in
# a process (an incident document, a changed policy file) reads every installed
# package's metadata looking for some. A value set by whoever runs the kiosk stands.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
