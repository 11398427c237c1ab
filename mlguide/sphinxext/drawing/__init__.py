"""Pieces shared by the guide's pictures (timeline, lineage, decision): text measured with the
fonts each output uses (:mod:`.measure`), boxes and placed texts (:mod:`.geometry`) and the
SVG writer's primitives (:mod:`.svg`); and the layouts of two of them: the lineage's graph
(:mod:`.graph`, written by :mod:`.graphsvg`) and the decision's grid (:mod:`.picks`). All of
it is pure: no Sphinx, no I/O beyond reading the width tables shipped with the package."""
