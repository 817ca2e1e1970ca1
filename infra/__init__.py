"""Deployment: the CloudFormation additions, per-function policies and the packager."""
