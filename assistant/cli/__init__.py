"""The `assistant` command line: for merchants, trainers and developers."""
