/** Article metadata of every seed (SPEC §2): headline, published, source, author. */
import * as path from 'path';
import { extract } from '../../src/extract/extract';
import { readLayout } from '../../src/layout/layout';
import { readSeed, SEEDS } from '../helpers';
import { describeReadError } from '../../src/cli/read-errors';

const expected: Record<string, object> = {
  '000_f9955ed6df11a9aa.txt': {
    headline: 'Ban Thường vụ Tỉnh ủy Nghệ An tổng kết công tác xây dựng Đảng năm 2020, triển khai nhiệm vụ năm 2021',
    published: '2021-03-02',
    source: 'Baonghean.vn',
    author: null,
  },
  '001_3eb7a4d6a1da6739.txt': {
    headline: 'Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 21, nhiệm kỳ 2015 - 2020',
    published: '2020-07-01',
    source: null,
    author: 'Thanh Tâm',
  },
  '002_3a75aa43bb829af5.txt': {
    headline: 'Khai mạc Đại hội Đại biểu Đảng bộ Khối các cơ quan tỉnh Nghệ An lần thứ XX',
    published: '2020-07-23T10:18',
    source: 'truyenhinhnghean.vn',
    author: null,
  },
  '003_c1d1f7f42b3b49c0.txt': {
    headline: 'Ban chấp hành Đảng bộ tỉnh Thái Bình thảo luận một số nội dung quan trọng',
    published: '2020-12-03T18:00:30',
    source: null,
    author: 'Phạm Ngọc',
  },
  '004_d6215770de576872.txt': {
    headline: 'Bế mạc Hội nghị lần thứ 3 Ban Chấp hành Đảng bộ tỉnh',
    published: '2021-01-22T17:11:16',
    source: null,
    author: 'PV',
  },
};

test.each(SEEDS.map((f) => path.basename(f)))('%s', (name) => {
  expect(extract(readSeed(name)).meta).toEqual(expected[name]);
});

describe('page chrome gives no records', () => {
  test.each([
    ['section label above the headline', 'Chính trị\nTiêu đề bài\n\nNội dung nhiệm kỳ 2020-2025.', 'Chính trị'],
    [
      'teaser after the byline',
      'Tiêu đề\n\nNội dung.\n\nPhạm Ngọc\n\n  • Từ khóa\nTổng Bí thư Nguyễn Phú Trọng dự Đại hội XIII',
      'Tổng Bí thư',
    ],
    ['comment box', 'Tiêu đề\n\nNội dung.\nThanh TâmCác ý kiến của bạn đọc\n(0) Bình luận\nKỳ họp thứ 9 khai mạc', 'Kỳ họp thứ 9'],
    ['image label', 'Tiêu đề\n\nHội nghị tổng kết năm 2020 ảnh 3\nNội dung.', 'năm 2020 ảnh 3'],
    ['dated related link', 'Tiêu đề\n\nNội dung.\nSẽ bầu cử thêm 5 đại biểu HĐND 3 cấp ở TP HCM(27/04/2004)\n', '27/04/2004'],
  ])('%s', (_what, text, chromeText) => {
    const layout = readLayout(text);
    const at = text.indexOf(chromeText);
    expect(layout.chrome.some(([s, e]) => s <= at && at < e)).toBe(true);
    const records = extract(text).records;
    expect(records.every((r) => r.end <= at || r.start >= at + chromeText.length)).toBe(true);
  });
});

test('a chrome marker in the middle of an article does not end it', () => {
  const body = Array.from({ length: 30 }, (_, i) => `Đoạn ${i}: kỳ họp thứ ${i + 1} đã thảo luận.`).join('\n');
  const text = `Tiêu đề\n\n${body.replace('Đoạn 10', 'Xem thêm: bài liên quan\nĐoạn 10')}\n\nTin mới\nKỳ họp thứ 99`;
  const terms = extract(text)
    .records.filter((r) => r.type === 'term')
    .map((r) => r.normalized);
  expect(terms).toContain('kỳ họp thứ 30');
  expect(terms).not.toContain('kỳ họp thứ 99');
});

test('a byline that also stands earlier in the text ends the article only where it stands last', () => {
  const text = 'Tiêu đề\n\nPV\nKỳ họp thứ 2 khai mạc.\nNhiệm kỳ 2020-2025.\n\nPV\n\nTin liên quan về kỳ họp thứ 9';
  const result = extract(text);
  expect(result.meta.author).toBe('PV');
  expect(result.records.map((r) => r.normalized)).toEqual(['kỳ họp thứ 2', 'nhiệm kỳ 2020-2025']);
});

describe('the byline names the reporter: it is the author, and chrome, so no person of the story', () => {
  const personsOf = (text: string) =>
    extract(text, { keepInternal: true })
      .records.filter((r) => r.type === 'person')
      .map((r) => r.normalized);

  test('on a line of its own', () => {
    const text = 'Tiêu đề\n\nBí thư Tỉnh ủy Ngô Đông Hải phát biểu.\n\nPhạm Ngọc\n';
    expect(extract(text).meta.author).toBe('Phạm Ngọc');
    expect(personsOf(text)).toEqual(['Ngô Đông Hải']);
  });

  test('at the end of the last paragraph, after its last sentence', () => {
    const body = `${'Quốc hội đã thảo luận về cơ chế tài chính đặc thù của thành phố. '.repeat(6)}Chủ tịch Quốc hội Nguyễn Thị Kim Ngân kết luận phiên họp.`;
    for (const byline of ['Lưu Thủy', 'K.Long', 'H.L.Anh']) {
      const text = `Tiêu đề\n${body} ${byline} `;
      expect([byline, extract(text).meta.author]).toEqual([byline, byline]);
      expect(personsOf(text)).toEqual(['Nguyễn Thị Kim Ngân']);
    }
  });

  test('not the end of an address or an abbreviation, nor a sentence', () => {
    const body = 'Trường đã đón hàng nghìn học sinh theo học mỗi năm, từ thành phố và các tỉnh lân cận. '.repeat(4);
    for (const end of ['Trường có cơ sở ở Q.1, Q.5 và Q. Tân Bình.', 'Hội nghị kết thúc.', 'Đó là ý kiến của Ông Nguyễn Văn Bảy']) {
      expect([end, extract(`Tiêu đề\n${body}${end}`).meta.author]).toEqual([end, null]);
    }
  });
});

test('read errors are named plainly', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });
  expect(describeReadError(errno('EACCES'))).toBe('permission denied');
  expect(describeReadError(errno('ENOENT'))).toBe('no such file');
  expect(describeReadError(errno('EISDIR'))).toBe('is a folder');
});

describe('a first line that runs the title into a caption or the lede gives the title part', () => {
  test.each([
    [
      'a caption that opens with a post',
      'Giá điện tăng từ tháng tới Bộ trưởng Bộ Công Thương Nguyễn Văn A trả lời báo chí về lộ trình tăng giá điện trong năm nay. Ảnh: TTXVN Sáng 3-4, …',
      'Giá điện tăng từ tháng tới',
    ],
    [
      'a caption that opens with an honorific',
      'Hội nghị tổng kết công tác dân vận “gần dân, hiểu dân” Ông Trần Văn B (giữa) trao bằng khen cho các tập thể tiêu biểu của tỉnh trong năm qua Sáng 5-1, …',
      'Hội nghị tổng kết công tác dân vận “gần dân, hiểu dân”',
    ],
    [
      'an agency tag before the lede',
      'Đồng chí Nguyễn Văn C là tấm gương sáng về đạo đức cách mạng cho chúng ta (NLĐ)- Sáng 27-2, Tổng Bí thư đã đến thăm nơi ở của cố Thủ tướng.',
      'Đồng chí Nguyễn Văn C là tấm gương sáng về đạo đức cách mạng cho chúng ta',
    ],
    [
      'a sentence end, not an initial',
      'Nộp thuế đất: Người dân lại chịu thiệt! Người dân đổ xô đi nộp hồ sơ trước hạn mới theo giá đất cũ, nhưng kết quả thì vẫn như cũ. Ảnh: K. Long',
      'Nộp thuế đất: Người dân lại chịu thiệt!',
    ],
    [
      'a short line, kept whole',
      'Khai mạc Đại hội đại đoàn kết các dân tộc Tây Nguyên',
      'Khai mạc Đại hội đại đoàn kết các dân tộc Tây Nguyên',
    ],
  ])('%s', (_what, first, headline) => {
    expect(readLayout(`${first}\nNội dung bài.\n`).meta.headline).toBe(headline);
  });

  test('a first line that opens with a dateline is a lede, not a headline', () => {
    expect(
      readLayout(
        'Hôm qua 13/4, trước hàng trăm phóng viên trong nước và quốc tế, ông Phan Văn D, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, đã trả lời báo chí.\n',
      ).meta.headline,
    ).toBeNull();
  });

  test('a related-article link with its date near the top is no dateline', () => {
    const text =
      'Tranh cãi về điểm thưởng xét tuyển\nNgày 17/10, tại buổi giao ban, vấn đề được đưa ra bàn thảo.\nCô giáo bị tố cáo phủ nhận việc chạy điểm(10/10/2005)\n';
    expect(readLayout(text).meta.published).toBeNull();
  });
});
