"""Tools of the local stage: never imported on a deployed path."""
