"""WTForms forms, one module per screen family."""
