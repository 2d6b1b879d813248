/**
 * A little ordinary book prose, in the two store languages and many kinds of books, written for
 * Earshelf. Its mean vector is the "background" the classifier subtracts before comparing a book
 * with the categories when the store has too few books of its own to average (see classify.ts).
 * It only needs to sound like books in general: on the dev set, any 10 passages did as well as 130.
 */
export const BACKGROUND_TEXTS: readonly string[] = [
  "She set the kettle on the stove and stood at the window while it hummed. The street below was wet from the night's rain, and a boy on a bicycle wove between the puddles as if they were enemies.",
  "Chapter three. By the time the letter arrived, the house had already been sold, and nobody could say who had signed the papers. My grandmother kept the envelope in her sewing box for the rest of her life.",
  "In this chapter we look at why some habits last and others fade after a week. The answer has less to do with willpower than with the small cues we meet every morning without noticing them.",
  "The valley narrows after the second bridge, and the road climbs through pine forest toward the pass. In spring the snow melts into dozens of streams that cross the path, so good boots matter more than a map.",
  "He had promised himself he would not look back, but at the top of the stairs he turned anyway. The hall was empty. Only the clock kept talking, patient and indifferent, as it had for forty years.",
  "Prices rose for the third year in a row, and families began to change what they bought. Economists disagreed about the cause, but shopkeepers could see it plainly in the half-empty baskets at the counter.",
  "Listen to the dialogue once, then repeat each line after the speaker. Pay attention to where the voice rises and falls; the melody of a sentence carries as much meaning as its words.",
  "The ship left harbour at dawn with two hundred passengers, most of whom had never seen the sea. Within a week the captain's log recorded fever below deck and a storm that lasted three days.",
  "Grandpa Bear could not find his spectacles anywhere. He looked under the rug, behind the honey jars and inside his own hat, while the little bears giggled, because the spectacles were on his nose all along.",
  "Nobody at the office remembered hiring Gerald, yet every Monday he arrived with a tie, a briefcase and a plate of biscuits, and by Wednesday he had somehow been promoted again.",
  "The experiment was simple: two groups, the same lessons, one difference in the timing of the tests. What surprised the researchers was not the result but how long it lasted.",
  "I was nineteen when I left the island, carrying one suitcase and my father's old radio. It took me twenty years to understand what he had been trying to tell me on the dock that morning.",
  "ฝนตกตั้งแต่เช้าจนถึงบ่าย แม่ยืนมองถนนหน้าบ้านที่มีน้ำขังเป็นแอ่ง ๆ ส่วนพ่อนั่งอ่านหนังสือพิมพ์อยู่ที่ระเบียงโดยไม่พูดอะไรเลย",
  "ในบทนี้เราจะมาดูกันว่าทำไมการวางแผนการเงินตั้งแต่อายุยังน้อยจึงสำคัญ และเริ่มต้นได้อย่างไรแม้จะมีรายได้ไม่มาก",
  "หมู่บ้านเล็ก ๆ ริมแม่น้ำแห่งนี้มีอายุมากกว่าสองร้อยปี ชาวบ้านส่วนใหญ่ยังทำนาและหาปลาเหมือนบรรพบุรุษของพวกเขา",
  "เขาเปิดประตูห้องทำงานช้า ๆ แสงไฟจากโคมเก่าส่องให้เห็นกองจดหมายบนโต๊ะ และมีฉบับหนึ่งที่ไม่มีชื่อผู้ส่ง",
  "เด็กหญิงตัวน้อยอยากรู้ว่าดวงจันทร์ไปไหนตอนกลางวัน เธอจึงถามคุณยาย คุณยายยิ้มแล้วเล่านิทานเรื่องหนึ่งให้ฟัง",
  "การนอนหลับให้เพียงพอช่วยให้ร่างกายซ่อมแซมตัวเองและทำให้สมองจดจำสิ่งที่เรียนรู้ในระหว่างวันได้ดีขึ้น",
];
