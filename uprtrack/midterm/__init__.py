"""The mid-term report: what the State says, halfway between two UPR reviews, of the recommendations it received."""
