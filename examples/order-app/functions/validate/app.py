"""Validates an order before it is charged (the ValidateOrderFunction of template.yaml)."""
import os


def handler(event, context):
    reasons = []
    max_amount = float(os.environ["MAX_AMOUNT"])
    if not event.get("orderId"):
        reasons.append("the order has no id")
    amount = event.get("amount")
    if not isinstance(amount, (int, float)) or amount <= 0:
        reasons.append("the amount must be a positive number")
    elif amount > max_amount:
        reasons.append("the amount is over %s" % os.environ["MAX_AMOUNT"])
    if not event.get("card"):
        reasons.append("no card to charge")
    return {"valid": not reasons, "reasons": reasons}
