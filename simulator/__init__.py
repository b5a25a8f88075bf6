"""A discrete-event contact center that writes an IDB as ICON does, plus its ground truth."""
