-- The categories' names in Thai, for the Thai interface; NULL shows the English name (admins add one
-- to a category they create). The UPDATEs are the same in the SQLite twin.
ALTER TABLE categories ADD COLUMN name_th VARCHAR(100) NULL;
UPDATE categories SET name_th = 'นวนิยาย' WHERE slug = 'fiction';
UPDATE categories SET name_th = 'สืบสวนและระทึกขวัญ' WHERE slug = 'mystery-thriller';
UPDATE categories SET name_th = 'นิยายวิทยาศาสตร์' WHERE slug = 'science-fiction';
UPDATE categories SET name_th = 'แฟนตาซี' WHERE slug = 'fantasy';
UPDATE categories SET name_th = 'โรแมนซ์' WHERE slug = 'romance';
UPDATE categories SET name_th = 'สยองขวัญ' WHERE slug = 'horror';
UPDATE categories SET name_th = 'นิยายอิงประวัติศาสตร์' WHERE slug = 'historical-fiction';
UPDATE categories SET name_th = 'วรรณกรรมคลาสสิก' WHERE slug = 'literary-classics';
UPDATE categories SET name_th = 'ชีวประวัติและบันทึกความทรงจำ' WHERE slug = 'biography-memoir';
UPDATE categories SET name_th = 'ประวัติศาสตร์' WHERE slug = 'history';
UPDATE categories SET name_th = 'วิทยาศาสตร์และเทคโนโลยี' WHERE slug = 'science-technology';
UPDATE categories SET name_th = 'ธุรกิจและเศรษฐศาสตร์' WHERE slug = 'business-economics';
UPDATE categories SET name_th = 'พัฒนาตนเอง' WHERE slug = 'self-development';
UPDATE categories SET name_th = 'สุขภาพ' WHERE slug = 'health-wellness';
UPDATE categories SET name_th = 'ปรัชญาและศาสนา' WHERE slug = 'philosophy-religion';
UPDATE categories SET name_th = 'หนังสือเด็ก' WHERE slug = 'children';
UPDATE categories SET name_th = 'วัยรุ่น' WHERE slug = 'young-adult';
UPDATE categories SET name_th = 'ขำขัน' WHERE slug = 'comedy';
UPDATE categories SET name_th = 'กวีนิพนธ์และบทละคร' WHERE slug = 'poetry-drama';
UPDATE categories SET name_th = 'ท่องเที่ยวและธรรมชาติ' WHERE slug = 'travel-nature';
UPDATE categories SET name_th = 'เรียนภาษา' WHERE slug = 'language-learning';
UPDATE categories SET name_th = 'อาชญากรรมจากเรื่องจริง' WHERE slug = 'true-crime';
