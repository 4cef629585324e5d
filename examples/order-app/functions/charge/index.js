// Charges the order's card (the ChargeCardFunction of template.yaml). A card ending in 0000 is
// declined: the function throws CardDeclined, which the state machine catches.

class CardDeclined extends Error {
  constructor(message) {
    super(message);
    this.name = 'CardDeclined';
  }
}

exports.handler = async (event, context) => {
  if (String(event.card).endsWith('0000')) {
    throw new CardDeclined(`card ending ${String(event.card).slice(-4)} was declined`);
  }
  return {
    chargeId: `ch_${event.orderId}`,
    amount: event.amount,
    currency: process.env.CURRENCY,
    table: process.env.PAYMENTS_TABLE,
    requestId: context.awsRequestId,
  };
};
