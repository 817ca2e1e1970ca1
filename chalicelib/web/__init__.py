"""The participant's web pages: server-rendered, usable without JavaScript, in pl/en/uk."""
