"""DIET's model loaded in seconds instead of a minute: its weights built by one eager prediction,
not by tracing a training step.

Rasa 3.6 builds a TensorFlow model's variables before restoring its weights by fitting it on one
example (`RasaModel.load` in rasa/utils/tensorflow/models.py). That traces DIET's whole training
step as a graph, the CRF entity loss most of all: most of Rasa's start-up on this machine, paid
by every `make run`, every Rasa replica that starts or restarts, every test stack. Prediction
needs none of it. `install` makes DIET's load (and its subclasses') build the variables with one
prediction run eagerly, restore the trained weights onto them, then trace the prediction graph
as Rasa does: the same variables, the same values, the same predictions
(tests/e2e/test_rasa_model_load.py compares both loads, weight by weight and parse by parse).
The optimizer's state stays unread in the weights file: no prediction uses it. Fine-tuning
(`rasa train --finetune`) and every other model keep Rasa's own load.

Imports: Rasa and TensorFlow (it runs in the Python 3.10 venv, from assistant.rasa_launcher).
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from rasa.nlu.classifiers.diet_classifier import DIET
    from rasa.utils.tensorflow.constants import RUN_EAGERLY
    from rasa.utils.tensorflow.models import RasaModel

    rasas_own = RasaModel.load.__func__  # type: ignore[attr-defined]
    if getattr(rasas_own, "built_by_prediction", False):
        return  # installed already

    def load(
        cls: type[RasaModel],
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Any = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode or predict_data_example is None or not issubclass(cls, DIET):
            return rasas_own(  # type: ignore[no-any-return]
                cls,
                model_file_name,
                model_data_example,
                predict_data_example,
                finetune_mode,
                *args,
                **kwargs,
            )
        model = cls(*args, **kwargs)
        model.run_eagerly = True  # builds every variable a prediction uses, with no graph traced
        model.run_inference(predict_data_example)
        model.load_weights(model_file_name).expect_partial()  # the optimizer's state stays unread
        model.run_eagerly = kwargs.get("config", {}).get(RUN_EAGERLY)
        model.prepared_for_prediction = False  # the label embeddings again, from the weights read
        model.run_inference(predict_data_example)  # traces the prediction graph, as Rasa's load
        return model

    load.built_by_prediction = True  # type: ignore[attr-defined]
    RasaModel.load = classmethod(load)  # type: ignore[method-assign,assignment]
