/** The sandbox café's menu. Prices include 20% VAT, in euro cents. */
export interface MenuItem {
  productId: string;
  name: string;
  price: number;
  productGroupIds: string[];
  tags: string[];
}

export const MENU: MenuItem[] = [
  { productId: 'p-espresso', name: 'Espresso', price: 250, productGroupIds: ['coffee', 'drinks'], tags: [] },
  { productId: 'p-cappuccino', name: 'Cappuccino', price: 380, productGroupIds: ['coffee', 'drinks'], tags: [] },
  { productId: 'p-house-red', name: 'House red 0.15', price: 650, productGroupIds: ['wine', 'drinks'], tags: ['alcohol'] },
  { productId: 'p-lager', name: 'Lager 0.4', price: 590, productGroupIds: ['beer', 'drinks'], tags: ['alcohol'] },
  { productId: 'p-caesar', name: 'Caesar salad', price: 1150, productGroupIds: ['salads', 'food'], tags: [] },
  { productId: 'p-risotto', name: 'Mushroom risotto', price: 1850, productGroupIds: ['mains', 'food'], tags: ['vegetarian'] },
  { productId: 'p-steak', name: 'Ribeye steak', price: 2900, productGroupIds: ['mains', 'food'], tags: [] },
  { productId: 'p-tiramisu', name: 'Tiramisu', price: 750, productGroupIds: ['desserts', 'food'], tags: [] },
];

const VAT_PERCENT = 20;

/** The VAT inside a tax-inclusive price, rounded half up to the cent. */
export function includedVat(amount: number): number {
  return Math.floor((amount * VAT_PERCENT * 2 + (100 + VAT_PERCENT)) / (2 * (100 + VAT_PERCENT)));
}
