"""The authoring tools' analyses: ``impact`` (what a change reaches), ``codeowners``,
``scaffold`` (``rolepath new``) and ``coverage``. Their command lines are in `rolepath.cli`."""
