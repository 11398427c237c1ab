"""TensorFlow 1 to TensorFlow 2: `tf_upgrade_v2` rewrites TF1 code to
`tf.compat.v1`, which still runs as a graph in a session; the TF2 idiom, a
`tf.function`, gives the same result."""

import pathlib
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2

TF1_CODE = """import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 3])
y = tf.reduce_sum(x * 2.0, axis=1)
"""
with tempfile.TemporaryDirectory() as tmp:
    old, new = pathlib.Path(tmp, "tf1.py"), pathlib.Path(tmp, "tf2.py")
    old.write_text(TF1_CODE)
    upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())
    upgrader.process_file(str(old), str(new))
    upgraded = new.read_text()
assert "tf.compat.v1.placeholder" in upgraded  # no TF2 name for it: kept in compat.v1

values = np.arange(6, dtype="float32").reshape(2, 3)
graph = tf.Graph()
with graph.as_default():  # TF1 built a graph first ...
    names: dict[str, object] = {}
    exec(upgraded, names)
    with tf.compat.v1.Session(graph=graph) as session:  # ... and ran it in a session
        graph_result = session.run(names["y"], feed_dict={names["x"]: values})


@tf.function  # TF2: a Python function, traced into a graph
def doubled_sum(x):
    return tf.reduce_sum(x * 2.0, axis=1)


assert not hasattr(tf, "contrib")  # tf.contrib left in TensorFlow 2.0
np.testing.assert_allclose(graph_result, doubled_sum(values), rtol=1e-6)
