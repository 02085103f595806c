from . import backbones  # noqa: F401
from . import data_preprocessors  # noqa: F401
from . import decoders  # noqa: F401
from . import encoders  # noqa: F401
from . import layers  # noqa: F401
from . import module_losses  # noqa: F401
from . import postprocessors  # noqa: F401
from . import recognizers  # noqa: F401
