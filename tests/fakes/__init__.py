"""Fakes at the network boundary: WeCom's API server and WeCom's callback sender."""
