"""The web console under /console/: pages for the office, 分管领导 and contacts (docs/console.md).

A sub-application of `serve`'s app: the same runtime (database, knowledge, clock) and WeCom
client, read through `request.config_dict`; its own session cookie, templates and assets.
"""
