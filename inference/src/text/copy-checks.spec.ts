import { describe, expect, it } from "vitest";
import { checkCopy, inventedDetails, languageOf, lengthTarget, overlapWithTranscript, groundedShare } from "./copy-checks.js";
import { countWords, words } from "./words.js";

const TRANSCRIPT =
  "The lighthouse keeper had been dead for three days when the inspector arrived on the island. Nobody admitted to seeing him after the storm, and the lamp had gone on burning by itself.";
const GOOD =
  "An inspector reaches a storm-battered island to find its lighthouse keeper long dead and every villager suddenly forgetful. A quiet, chilling mystery for listeners who like their puzzles salted with sea air.";
const target = { min: 12, max: 50 };
const codes = (description: string, language = "en", transcript = TRANSCRIPT) => checkCopy({ description, transcript, target, language }).map((p) => p.code);

describe("checkCopy", () => {
  it("passes honest copy of the right length", () => {
    expect(codes(GOOD)).toEqual([]);
  });

  it.each([
    ["", "empty"],
    ["A mystery.", "too_short"],
    [`${GOOD} ${GOOD} ${GOOD}`, "too_long"],
    ["The lighthouse keeper had been dead for three days when the inspector arrived on the island, a chilling tale.", "copies_transcript"],
    ["A tale of the sea, a tale of the sea, a tale of the sea, and of the men who keep the lights burning at night.", "repetitive"],
    ["The Silk Road is a complex web of routes, oases and markets that move goods. It was a shifting web of routes, oases and markets.", "repetitive"],
    ["An inspector comes to an island where the keeper is dead, and every morning he also had, FINISHED THEY ALL SPEAKING ABOUT IT.", "shouting"],
    ["An inspector comes to an island where the keeper is dead. } {#1} {#2} Listeners will love this story of the sea.", "junk"],
    ["This transcript describes an inspector who comes to an island where the lighthouse keeper is dead and nobody talks.", "junk"],
    ["An inspector comes to an island where the lighthouse keeper is dead and nobody will say what happened after the", "unfinished"],
  ])("%j → %s", (description, code) => {
    expect(codes(description)).toContain(code);
  });

  it("wants Thai copy for a Thai book and English copy for an English one", () => {
    const thai = "นักสืบเดินทางไปยังเกาะเล็ก ๆ หลังพายุใหญ่ และพบว่าผู้ดูแลประภาคารเสียชีวิตแล้ว เรื่องลึกลับที่ชวนให้ฟังจนจบ";
    expect(codes(thai, "th", "")).not.toContain("wrong_language");
    expect(codes(GOOD, "th")).toContain("wrong_language");
    expect(codes(thai, "en", "")).toContain("wrong_language");
  });
});

describe("inventedDetails", () => {
  const HISTORY =
    "In the spring of 1453 the Ottoman army of Mehmed the Second surrounded Constantinople. The city had once held half a million people; now fewer than fifty thousand were left behind its walls, and help from the West never came.";

  it("finds names and figures the recording never says", () => {
    const invented = "The 1453 Battle of Kosovo: the Ottoman army defeated the Byzantine Empire in a battle that changed the course of history, 1389 years after its founding.";
    expect(inventedDetails(invented, HISTORY)).toEqual(["Battle", "Kosovo", "Byzantine", "Empire", "1389"]);
    expect(checkCopy({ description: invented, transcript: HISTORY, target, language: "en" }).map((p) => p.code)).toContain("invented_detail");
  });

  it("passes names and figures the recording has, whatever their case, possessives and sentence openings", () => {
    const honest =
      "Constantinople, 1453. Mehmed's Ottoman army closes around a city that once held half a million people. Fewer than 50 thousand remain, waiting for help from the West. A vivid account.";
    // "50" is not said as a figure ("fifty"): a model that turns words into digits is flagged, and the admin looks.
    expect(inventedDetails(honest, HISTORY)).toEqual(["50"]);
    expect(inventedDetails(honest.replace("50", "fifty"), HISTORY)).toEqual([]);
    expect(inventedDetails("A Story of the sea: Inspector Hale's case, told with care.", "inspector hale came to the sea with a story to tell")).toEqual([]);
  });

  it("ignores capitals that only open a sentence, a quotation or a clause after a colon or dash", () => {
    expect(inventedDetails("Quiet nights. Strange lights — Nobody knows. \"Listen\" closely: Every word counts.", "quiet nights strange lights")).toEqual([]);
  });

  it("checks only figures in Thai, which has no capitals", () => {
    expect(inventedDetails("เรื่องราวของเมืองเก่าในปี 1453 และผู้คนกว่า 50000 คน", "เมืองเก่า ปี 1453")).toEqual(["50000"]);
  });
});

describe("overlapWithTranscript", () => {
  it("measures shared 5-word phrases and the longest lifted run", () => {
    expect(overlapWithTranscript(GOOD, TRANSCRIPT).longestRun).toBe(0);
    const lifted = overlapWithTranscript("Nobody admitted to seeing him after the storm, and the lamp had gone on burning by itself.", TRANSCRIPT);
    expect(lifted.shared).toBe(1);
    expect(lifted.longestRun).toBe(17);
  });
});

describe("languageOf", () => {
  it.each([
    [GOOD, "en"],
    ["ผู้ตรวจการมาถึงเกาะหลังจากพายุ และพบว่าผู้ดูแลประภาคารเสียชีวิตแล้ว", "th"],
    ["Der Leuchtturmwärter war seit drei Tagen tot, als der Inspektor auf der Insel ankam.", "other"],
    ["OK.", "unknown"],
  ])("%j → %s", (text, language) => expect(languageOf(text)).toBe(language));
});

describe("lengthTarget", () => {
  it("asks a sentence or two of a short story and a full description of a long book", () => {
    expect(lengthTarget(30, 80)).toEqual({ min: 12, max: 50 });
    expect(lengthTarget(600, 1500)).toEqual({ min: 30, max: 100 });
    expect(lengthTarget(36_000, 90_000)).toEqual({ min: 60, max: 150 });
  });
});

describe("words", () => {
  it("splits Thai, which has no spaces between words", () => {
    expect(countWords("ผู้ดูแลประภาคารเสียชีวิตแล้ว")).toBeGreaterThan(3);
    expect(words("Hello, world!")).toEqual(["Hello", "world"]);
  });
});

describe("groundedShare", () => {
  const HEARING =
    "Sound is a wave of pressure moving through the air. The outer ear gathers it, the eardrum vibrates, and three tiny bones pass the vibration to the cochlea, where hair cells turn it into signals for the brain. The world is full of sound.";

  it("flags blurb that could be about any book (the hearing book's published copy, 2026-12-07)", () => {
    const blurb =
      "The audiobook is a rare and unique audio experience that offers an immersive, engaging, and inspiring journey. It's designed to transport listeners through the world of sound and inspire them with stories from various cultures.";
    expect(groundedShare(blurb, HEARING)).toEqual({ found: 2, of: 20 });
    expect(checkCopy({ description: blurb, transcript: HEARING, target, language: "en" }).map((p) => p.code)).toContain("ungrounded");
  });

  it("passes copy drawn from the recording, in words of its own", () => {
    const honest = "How does a wave in the air become a thought? This short listen follows sound from the outer ear through the eardrum and three tiny bones to the cochlea, whose hair cells send signals to the brain.";
    const share = groundedShare(honest, HEARING)!;
    expect(share.found / share.of).toBeGreaterThan(0.5);
    expect(checkCopy({ description: honest, transcript: HEARING, target, language: "en" }).map((p) => p.code)).not.toContain("ungrounded");
  });

  it("does not judge copy too short to tell, or an English description of a recording in another script", () => {
    expect(groundedShare("A short listen about the ear.", HEARING)).toBeNull();
    const thai = "เสียงคือคลื่นของแรงดันที่เดินทางผ่านอากาศ หูชั้นนอกรวบรวมเสียง แก้วหูสั่น และกระดูกเล็ก ๆ สามชิ้นส่งแรงสั่นไปยังคอเคลีย";
    expect(groundedShare("A clear, patient guide to how the ear turns waves in the air into signals for the brain.", thai)).toBeNull();
  });
});
