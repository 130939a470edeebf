"""Message catalog modules: each holds ``MESSAGES = {key: (english, chinese)}``."""
