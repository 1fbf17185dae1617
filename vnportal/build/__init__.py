"""The whole build: settings per language, index stage, language workers, publishing output/."""
