"""Events: what they are, how organizers describe them, when they take registrations."""
