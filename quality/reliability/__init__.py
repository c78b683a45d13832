"""Source reliability: features, labelled data, the trained model and domain ratings."""
