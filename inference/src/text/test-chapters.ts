/** Chapter texts the title specs share (embed/title-fit.spec.ts, llm/titles.spec.ts). */

/** Three chapters of one book read without headings: a lighthouse, bread, interest rates. */
export const LIGHTHOUSE = [
  "The old lighthouse keeper climbed the spiral stairs every evening to light the great lamp.",
  "Ships passing the headland in the night depended on that small bright flame.",
  "He polished the brass and the thick glass lens until they shone like the sun.",
  "One winter a storm broke the window at the top of the tower, and he repaired it with planks from a wreck.",
  "When the fog rolled in he rang the heavy bell every minute until dawn.",
].join(" ");
export const BREAD = [
  "Bread begins with flour, water, salt and a little yeast mixed in a wide bowl.",
  "The baker kneads the dough for ten minutes until it feels smooth and elastic.",
  "Then the dough rests in a warm corner of the kitchen and slowly doubles in size.",
  "The oven must be very hot, and a tray of water makes steam for a crisp crust.",
  "After forty minutes the crust turns deep brown and the loaf sounds hollow when tapped.",
].join(" ");
export const RATES = [
  "Interest rates decide how much it costs a company or a family to borrow money.",
  "When the central bank raises its rate, banks charge more for loans and mortgages.",
  "Firms then postpone new factories, and households buy fewer houses and cars.",
  "Spending falls, and over a year or two inflation slows down.",
  "Central bankers watch wages, prices and jobs before every decision.",
].join(" ");
