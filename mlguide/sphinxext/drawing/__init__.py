"""Pieces shared by the guide's pictures (timeline, lineage, decision): text measured with the
fonts each output uses (:mod:`.measure`), boxes and placed texts (:mod:`.geometry`) and the
SVG writer's primitives (:mod:`.svg`). All of it is pure: no Sphinx, no I/O beyond reading
the width tables shipped with the package."""
