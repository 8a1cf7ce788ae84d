// Venue names as the exchanges write them (brand names are the same in every language).
const NAMES = {
  hyperliquid: 'HyperLiquid',
  binance: 'Binance',
  bybit: 'Bybit',
  okx: 'OKX',
  bitget: 'Bitget',
  gate: 'Gate',
  kucoin: 'KuCoin',
};

export const GUIDE_VENUES = Object.keys(NAMES);

export function venueName(id) {
  return NAMES[id] || id;
}
