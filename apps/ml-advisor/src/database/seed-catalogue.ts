import type { CatalogueProduct } from '@shop/contracts';

/**
 * The pet-shop catalogue the advisor starts with (its copy; inventory owns stock). Ids are
 * stable so demos and tests can name them. `broken-product` is deliberately absent: the gateway
 * treats it as the product whose database read fails.
 */
export const SEED_CATALOGUE: readonly CatalogueProduct[] = [
  // dogs
  { id: 'dog-food-adult', name: 'Adult dog food 12 kg', species: 'dog', category: 'food', priceCents: 5499 },
  { id: 'dog-food-puppy', name: 'Puppy food 4 kg', species: 'dog', category: 'food', priceCents: 2899 },
  { id: 'dog-treats', name: 'Chicken dog treats', species: 'dog', category: 'food', priceCents: 699 },
  { id: 'dog-leash', name: 'Nylon leash 2 m', species: 'dog', category: 'accessory', priceCents: 1499 },
  { id: 'dog-collar', name: 'Padded collar', species: 'dog', category: 'accessory', priceCents: 1299 },
  { id: 'dog-bed', name: 'Orthopaedic dog bed', species: 'dog', category: 'habitat', priceCents: 7999 },
  { id: 'dog-chew-toy', name: 'Rubber chew toy', species: 'dog', category: 'toy', priceCents: 899 },
  { id: 'dog-ball', name: 'Tennis balls (3)', species: 'dog', category: 'toy', priceCents: 499 },
  { id: 'dog-shampoo', name: 'Oatmeal dog shampoo', species: 'dog', category: 'health', priceCents: 1099 },
  { id: 'dog-flea-drops', name: 'Flea and tick drops', species: 'dog', category: 'health', priceCents: 2499 },
  { id: 'puppy-pads', name: 'Puppy training pads (50)', species: 'dog', category: 'accessory', priceCents: 1999 },
  // cats
  { id: 'cat-food-dry', name: 'Dry cat food 4 kg', species: 'cat', category: 'food', priceCents: 3299 },
  { id: 'cat-food-wet', name: 'Wet cat food (12 pouches)', species: 'cat', category: 'food', priceCents: 1199 },
  { id: 'cat-litter', name: 'Clumping litter 10 l', species: 'cat', category: 'habitat', priceCents: 1399 },
  { id: 'cat-litter-box', name: 'Hooded litter box', species: 'cat', category: 'habitat', priceCents: 3499 },
  { id: 'cat-scratcher', name: 'Sisal scratching post', species: 'cat', category: 'toy', priceCents: 2999 },
  { id: 'cat-wand-toy', name: 'Feather wand toy', species: 'cat', category: 'toy', priceCents: 799 },
  { id: 'catnip', name: 'Organic catnip', species: 'cat', category: 'toy', priceCents: 499 },
  { id: 'cat-carrier', name: 'Cat carrier', species: 'cat', category: 'accessory', priceCents: 3999 },
  { id: 'cat-hairball-paste', name: 'Hairball paste', species: 'cat', category: 'health', priceCents: 899 },
  // fish
  { id: 'aquarium-60l', name: 'Aquarium 60 l', species: 'fish', category: 'habitat', priceCents: 8999 },
  { id: 'aquarium-filter', name: 'Internal filter', species: 'fish', category: 'habitat', priceCents: 2799 },
  { id: 'aquarium-heater', name: 'Aquarium heater 100 W', species: 'fish', category: 'habitat', priceCents: 2199 },
  { id: 'fish-flakes', name: 'Tropical fish flakes', species: 'fish', category: 'food', priceCents: 599 },
  { id: 'water-conditioner', name: 'Water conditioner', species: 'fish', category: 'health', priceCents: 899 },
  { id: 'aquarium-gravel', name: 'Aquarium gravel 5 kg', species: 'fish', category: 'habitat', priceCents: 1199 },
  { id: 'aquarium-plants', name: 'Live plant set', species: 'fish', category: 'habitat', priceCents: 1599 },
  // birds
  { id: 'bird-cage', name: 'Budgie cage', species: 'bird', category: 'habitat', priceCents: 6999 },
  { id: 'bird-seed', name: 'Budgie seed mix', species: 'bird', category: 'food', priceCents: 599 },
  { id: 'bird-perch', name: 'Natural wood perches', species: 'bird', category: 'accessory', priceCents: 899 },
  { id: 'cuttlebone', name: 'Cuttlebone', species: 'bird', category: 'health', priceCents: 299 },
  { id: 'bird-mirror-toy', name: 'Mirror bell toy', species: 'bird', category: 'toy', priceCents: 499 },
  // small pets
  { id: 'hamster-cage', name: 'Hamster cage', species: 'small-pet', category: 'habitat', priceCents: 4999 },
  { id: 'hamster-wheel', name: 'Silent wheel', species: 'small-pet', category: 'toy', priceCents: 1599 },
  { id: 'small-pet-bedding', name: 'Paper bedding 20 l', species: 'small-pet', category: 'habitat', priceCents: 999 },
  { id: 'rabbit-pellets', name: 'Rabbit pellets 2 kg', species: 'small-pet', category: 'food', priceCents: 1099 },
  { id: 'timothy-hay', name: 'Timothy hay 1 kg', species: 'small-pet', category: 'food', priceCents: 899 },
  { id: 'water-bottle', name: 'Drip water bottle', species: 'small-pet', category: 'accessory', priceCents: 599 },
  // reptiles
  { id: 'terrarium', name: 'Glass terrarium 90 cm', species: 'reptile', category: 'habitat', priceCents: 14999 },
  { id: 'uvb-lamp', name: 'UVB lamp', species: 'reptile', category: 'habitat', priceCents: 3499 },
  { id: 'heat-mat', name: 'Heat mat', species: 'reptile', category: 'habitat', priceCents: 2299 },
  { id: 'calcium-powder', name: 'Calcium powder', species: 'reptile', category: 'health', priceCents: 799 },
];
