"""The administrator: answers data-protection requests across every project and manages who may
organize."""
