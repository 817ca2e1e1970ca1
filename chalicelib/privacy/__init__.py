"""Personal data kept only as long as needed."""
