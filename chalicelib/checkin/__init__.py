"""Check-in at the door: signed codes (typed or scanned from a QR code) and marking attendance."""
