"""Writes fixtures/drafts/*/expected.json: the outlines written by hand
(issue 19 stage 6), read off each document, one dict per document.
Kept as a script only so the hand-written outlines sit in one reviewable
place; the JSON files are what the test reads."""
import json, os

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "drafts")
RETRIEVED = "2026-12-07"

def sig(agencies, date):
    return {"agencies": agencies, "date": date}

DOCS = {
"01-dongyang-disabled-employment": dict(
    url="http://www.dongyang.gov.cn/art/2023/3/21/art_1229692327_59603057.html",
    genre="通知（印发）", notes_on_text="page chrome (发布日期, 信息来源) left out; the issued 实施方案 cut after its first section (the stored copy holds only the page's beginning)",
    title="东阳市人民政府办公室关于印发《东阳市促进残疾人就业行动实施方案(2023—2025年)》的通知",
    addressee="各镇、乡人民政府,各街道办事处,市政府各部门:",
    headings=[[1, "一、总体目标"]],
    signature=sig(["东阳市人民政府办公室"], "2023-03-13"),
    notes=["此件公开发布"],
    issued=["东阳市促进残疾人就业行动实施方案(2023—2025年)"]),
"02-nanjing-disability-prevention": dict(
    url="http://njdaily.cn/news/2022/1128/4965615925330259507.html",
    genre="通知（印发）", notes_on_text="title hard-wrapped as published; issued 行动计划 cut after （二）基本原则's first paragraph",
    title="市政府办公厅关于印发南京市残疾预防行动计划(2022—2025年)的通知",
    doc_number="宁政办发〔2022〕52号",
    addressee="各区人民政府,市府各委办局,市各直属单位:",
    headings=[[1, "一、总体要求"], [2, "（一）指导思想"], [2, "（二）基本原则"]],
    signature=sig(["南京市人民政府办公厅"], "2022-10-27"),
    issued=["南京市残疾预防行动计划(2022—2025年)"]),
"03-ezhou-disabled-opinions": dict(
    url="http://www.ezhou.gov.cn/gk/zc/gfxwj/ezzf/202011/t20201112_367190.html",
    genre="意见", notes_on_text="page metadata (索引号, 发布机构) left out; cut after （二）基本原则's third principle, so no 落款",
    title="市人民政府关于加快推进残疾人小康进程的实施意见",
    doc_number="鄂州政发〔2016〕9号",
    addressee="各区人民政府、开发区管委会,各街道办事处,市政府各部门:",
    headings=[[1, "一、总体要求"], [2, "（一）指导思想"], [2, "（二）基本原则"]]),
"04-jining-same-powers": dict(
    url="http://jiaxiang.gov.cn/art/2021/7/19/art_72008_2718080.html",
    genre="意见", notes_on_text="title on two lines as published; cut before 三、主要任务, so no 落款",
    title="济宁市人民政府关于持续深化“市县同权”改革的实施意见",
    doc_number="济政字〔2021〕30号",
    addressee="各县(市、区)人民政府,济宁高新区、太白湖新区、济宁经济技术开发区、曲阜文化建设示范区管委会(推进办公室),市政府各部门,各大企业,各高等院校:",
    headings=[[1, "一、目标要求"], [1, "二、基本原则"]]),
"05-yueyang-open-government": dict(
    url="https://pingjiang.gov.cn/35048/40718/40820/40821/content_1202379.html",
    genre="通知（印发，联合行文）", notes_on_text="the page's title line carries the 发文字号 in brackets; issued 实施意见 cut after （一）",
    title="中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
    doc_number="岳办发〔2017〕2号",
    addressee="各县市区委、人民政府,岳阳经济技术开发区、城陵矶新港区、南湖新区、屈原管理区,市直各单位,中央、省驻岳单位:",
    headings=[[1, "一、把握总体要求,明确工作目标"],
              [2, "（一）总体要求。坚持以公开为常态、不公开为例外,推进行政决策、执行、管理、服务和结果“五公开”,推动简政放权、放管结合、优化服务改革,紧紧围绕经济社会发展和人民群众关注关切,保障人民群众知情权、参与权、表达权、监督权,进一步激发市场活力和社会创造力,打造法治政府、创新政府、廉洁政府和服务型政府。"]],
    signature=sig(["中共岳阳市委办公室", "岳阳市人民政府办公室"], "2017-01-10"),
    issued=["关于全面推进政务公开工作的实施意见"]),
"06-hangzhou-task-division": dict(
    url="https://z.hangzhou.com.cn/2020/hzrmzfgb/content/content_7745055.html",
    genre="通知", notes_on_text="whole document; its numbered paragraphs (一、2020年是……) are numbered sentences, not headings",
    title="杭州市人民政府办公厅关于印发2020年政府工作报告重点工作责任分解的通知",
    addressee="各区、县(市)人民政府,市政府各部门、各直属单位:",
    signature=sig(["杭州市人民政府办公厅"], "2020-05-20")),
"07-hunan-graduate-employment": dict(
    url="https://xiexiebang.com/a10/2019051410/d2bb0893c964bd97.html",
    genre="通知（有版头）", notes_on_text="reprint of 湘政办发〔2009〕24号 with its 版头 line; cut after 一、",
    title="湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知",
    doc_number="湘政办发〔2009〕24号",
    addressee="各市州、县市区人民政府,省政府各厅委、各直属机构:",
    headings=[[1, "一、充分认识做好高校毕业生就业工作的重要性。普通高等学校毕业生是富民强省的宝贵人力资源。当前,受国际金融危机影响,高校毕业生就业压力加大,就业形势十分严峻。各级各有关部门要从讲政治、讲大局的高度,把高校毕业生就业摆在当前就业工作的首位,采取切实有效措施,拓宽就业门路,千方百计促进高校毕业生充分、顺利就业。"]]),
"08-wulanhaote-document-rules": dict(
    url="https://fanpusoft.com/xingzheng/gw/88752.html",
    genre="通知（印发两件，落款只有日期）", notes_on_text="the page's own heading line left out; the 落款 is a date only as published; issued 规定 cut after （一）",
    title="乌兰浩特市人民政府办公室关于印发《乌兰浩特市人民政府公文形式、适用范围、审批程序和公文处理有关规定》和《乌兰浩特市人民政府公文格式细则》的通知",
    doc_number="乌政办发〔2013〕11号",
    addressee="各镇人民政府、办事处,市直各部门,各企事业单位:",
    headings=[[1, "一、公文形式、适用范围和审批程序规定"], [2, "（一）乌兰浩特市人民政府文件(文头)"]],
    signature=sig(["乌兰浩特市人民政府办公室"], "2013-02-27"),
    issued=["乌兰浩特市人民政府公文形式、适用范围、审批程序和公文处理有关规定"]),
"09-beijing-open-government": dict(
    url="https://0798ci.com/policy/70942.html",
    genre="通知（印发，被印发件无标题）", notes_on_text="the page gives the issued 要点 without its title (its text follows the 落款: the document issued is the 要点 named in the title; first written as no issued document, corrected after the first run); cut after its first paragraph",
    title="北京市人民政府办公厅关于印发《北京市2016年政务公开工作要点》的通知",
    doc_number="京政办发〔2016〕26号",
    addressee="各区人民政府,市政府各委、办、局,各市属机构:",
    signature=sig(["北京市人民政府办公厅"], "2016-05-28"),
    issued=["北京市2016年政务公开工作要点"]),
"10-taihu-work-rules": dict(
    url="http://zwgkw.thx.gov.cn/openness/detail/content/5c4829ad7f8b9a6f388be521.html",
    genre="通知（印发，页面的空行里有空格）", notes_on_text="the page's metadata table left out; lines holding one space kept as published; issued 规则 cut after its third article",
    title="太湖县人民政府关于印发《太湖县人民政府工作规则》的通知",
    addressee="各乡、镇人民政府,县政府各部门、各直属机构:",
    signature=sig(["太湖县人民政府"], "2019-01-17"),
    issued=["太湖县人民政府工作规则"]),
"11-state-council-asian-games": dict(
    url="https://culturechina.cn/wenyu/147414.html",
    genre="通知（成立领导小组，名单）", notes_on_text="reprint of 国办函〔2022〕33号; cut inside 二、组成人员 after the 副组长 (so no 落款)",
    title="国务院办公厅关于成立第19届亚运会和第4届亚残运会工作领导小组的通知",
    doc_number="国办函〔2022〕33号",
    addressee="各省、自治区、直辖市人民政府,国务院各部委、各直属机构:",
    headings=[[1, "一、主要职责"], [1, "二、组成人员"]]),
"12-suining-consultation-letter": dict(
    url="https://slj.suining.gov.cn/survey/dda4e47c6afa370491941386a4dd12c6.html",
    genre="函（征求意见，主送与正文在同一行）", notes_on_text="the page runs the 主送 and the text together on one line, as published; the 预案 sent with it (flattened into the same line on the page) left out, so no 落款",
    title="遂宁市人民政府防汛抗旱指挥部办公室关于征求《遂宁市防汛应急预案(征求意见稿)》修改意见的函",
    addressee="市直有关部门:"),
"13-yuxian-health-emergency": dict(
    url="http://zjkyx.gov.cn/govaffair/content.jsp?code=746899294/2020-34839&name=%E8%A7%84%E8%8C%83%E6%80%A7%E6%96%87%E4%BB%B6",
    genre="通知（印发，落款用空格推到右边，预案用 1 / 1.1 编号）", notes_on_text="the page's metadata left out; lines of spaces and the 落款 pushed right with spaces kept as published; issued 预案 cut after 1.3",
    title="蔚县人民政府办公室关于印发《蔚县突发公共卫生事件应急预案》的通知",
    doc_number="蔚政办字〔2020〕43号",
    addressee="各乡(镇)人民政府,县直各部门:",
    headings=[[1, "1 总则"], [2, "1.1 编制目的"], [2, "1.2 编制依据"], [2, "1.3 适用范围"]],
    signature=sig(["蔚县人民政府办公室"], "2020-04-23"),
    issued=["蔚县突发公共卫生事件应急预案"]),
"14-state-council-jianli-reply": dict(
    url="https://bbs.cnhubei.com/thread-3460201-1-1.html",
    genre="批复（落款“国 务 院”，日期写作二0一三年）", notes_on_text="whole document, as reposted with the gov.cn metadata (left out)",
    title="国务院关于同意湖北省监利县撤县设市的批复",
    doc_number="国函〔2014〕86号",
    addressee="湖北省人民政府:",
    signature=sig(["国务院"], "2013-08-06")),
"15-fujian-town-reply": dict(
    url="http://zfgb.fujian.gov.cn/8365",
    genre="批复（标题两行，日期在页面上丢了年月日）", notes_on_text="whole document; the page prints the date as 2017919 and the 请示's numbers without their 〕, kept as published",
    title="福建省人民政府关于大田县吴山乡和华兴乡撤乡设镇的批复",
    doc_number="闽政文〔2017〕316号",
    addressee="三明市人民政府:",
    signature=sig(["福建省人民政府"], "2017-09-19")),
"16-hegang-court-government": dict(
    url="https://www.hgds.gov.cn/hegang/hzf/202505/74521.shtml",
    genre="通知（联合印发，两机关同一行）", notes_on_text="the 发文字号 above the title as the page prints it; issued 意见 cut after （一）",
    title="鹤岗市人民政府鹤岗市中级人民法院印发关于完善“府院联动”机制的意见的通知",
    doc_number="鹤政发〔2025〕4号",
    addressee="各县(区)人民政府、法院,市政府各部门:",
    headings=[[1, "一、指导思想"], [1, "二、重点任务"],
              [2, "（一）完善重大事项事前研判机制。各级政府及其工作部门在作出重大行政决策,进行重大利益调整、重大项目实施等过程中,可根据工作需要邀请法院工作人员参与论证。法院要积极参与政府决策过程,通过参与论证、提供法律咨询意见、分析法律风险隐患等方式提供司法服务,提出合理化建议和修改意见,提高地方行政立法、重大行政决策的合法性、合理性、可行性。"]],
    signature=sig(["鹤岗市人民政府", "鹤岗市中级人民法院"], "2025-04-30"),
    issued=["鹤岗市人民政府鹤岗市中级人民法院关于完善“府院联动”机制的意见"]),
"17-xiangyang-business-environment": dict(
    url="http://www.szbaja.com/zcwj/201811/t20181122_1502133.shtml",
    genre="方案（三级标题，句中标题）", notes_on_text="page chrome (来自, 时间) left out; cut inside 1.提高市场开放程度 after its first sentence, so no 落款",
    title="市人民政府关于进一步优化营商环境的实施方案",
    addressee="各县(市、区)人民政府、开发区管委会,市直各单位:",
    headings=[[1, "一、总体要求"], [1, "二、主要目标"], [1, "三、主要任务"], [2, "（一）营造更加开放便利的市场环境"],
              [3, "1.提高市场开放程度。全面实施市场准入负面清单制度,除法律法规明令禁止的范围外一律开放,不得设置对外地经营者不平等、消除或减少经营者之间竞争的市场准入条件。"]]),
"18-dawa-task-division": dict(
    url="http://www.dawa.gov.cn/2021_02/01_16/content-307974.html",
    genre="通知（印发，附件说明；页面正文前没有标题）", notes_on_text="whole text as the page gives it: its title stands in the page's header only, so the text starts at the 主送; the 任务分解表 is a separate download",
    addressee="各镇(街道)人民政府(办事处),临港经济开发区管委会,区政府各部门、直属机构:",
    attachment_note=["《政府工作报告》任务分解表"],
    signature=sig(["盘锦市大洼区人民政府办公室"], "2021-01-25"),
    notes=["此件公开发布"]),
"19-mulei-afforestation-meeting": dict(
    url="http://www.fsou.net.cn/html/text/lar/173595/17359559.html",
    genre="通知（会议，标题冒号后跟内容）", notes_on_text="cut after 三、参加会议人员's first item, so no 落款",
    title="木垒哈萨克自治县人民政府办公室关于召开自治县2008年秋季造林动员大会的通知",
    addressee="各乡镇(场)人民政府,县人民政府各部门,各企事业单位,区州驻县单位:",
    headings=[[1, "一、会议时间:2008年 10月9 日上午10:00(北京时间)"], [1, "二、会议地点:会议中心"], [1, "三、参加会议人员:"]]),
"20-lufeng-meeting-rules": dict(
    url="https://ynlf.gov.cn/info/egovinfo/1007/overt_centent/11532331015179648Q-/2024-1121001.htm",
    genre="通知（印发；页面正文前没有标题；规则按章、条）", notes_on_text="added after the held-out figures were taken, no recogniser change since; the page's text starts at the 主送 (its title is in the page header only); issued 规则 cut after 第二条",
    addressee="云南禄丰产业园区管委会,各乡镇人民政府,市级各部门:",
    signature=sig(["禄丰市人民政府"], "2024-11-20"),
    notes=["此件公开发布"],
    issued=["禄丰市人民政府常务会议议事规则"]),
"21-zjc-county-task-division": dict(
    url="https://www.zjc.gov.cn/info/1991/138461.htm",
    genre="通知（只有主送、正文和附件说明）", notes_on_text="added after the held-out figures were taken, no recogniser change since; the whole text the page gives: no title in it, no 落款",
    addressee="各乡镇人民政府,县政府各部门,县属驻县各单位:",
    attachment_note=["2016年县政府重点工作任务分解表"]),
"22-state-council-census-flattened": dict(
    url="https://www.jy0832.com/archiver/tid-223987",
    genre="通知（转载页把全文压成一行）", notes_on_text="added after the held-out figures were taken, no recogniser change since; a news repost that runs title, 主送 and text into one line, kept so; cut after 一、主要职责",
    title="国务院办公厅关于成立第一次全国地理国情普查领导小组的通知",
    addressee="各省、自治区、直辖市人民政府,国务院各部委、各直属机构:",
    headings=[[1, "一、主要职责"]]),
"23-yubei-proposal-letter": dict(
    url="http://www.ybq.gov.cn/zwgk_263/jytabl/zxwytabl/202204/t20220429_10676933_wap.html", retrieved="2026-12-08",
    genre="函（答复，附注：联系人、联系电话）", notes_on_text="whole document as the page gives it, with its 附注 under the date",
    title="重庆市渝北区城市管理局关于区政协十六届第一次会议第201号提案协办意见的函",
    addressee="双龙湖街道:",
    signature=sig(["重庆市渝北区城市管理局"], "2022-04-29"),
    notes=["联系人:张淮铭;联系电话:67210092"]),
"24-longwan-telecom-commendation": dict(
    url="http://nbxinxi.com/a/longwanqu/20210528/98090.html", retrieved="2026-12-08",
    genre="通报（表彰；版记：主题词、印发机关和日期；页面正文前没有标题，落款只有日期）", notes_on_text="the repost's chrome (朗读) left out; the whole text it gives: no title (it stands in the page header only), the 落款 a date only, then the 版记 (主题词, 印发 line) as published; no 抄送",
    addressee="各镇人民政府、街道办事处,区各有关单位:",
    signature=sig([], "2007-12-13")),
"25-state-council-longwen-reply": dict(
    url="https://zh.wikisource.org/wiki/%E5%9B%BD%E5%8A%A1%E9%99%A2%E5%85%B3%E4%BA%8E%E5%90%8C%E6%84%8F%E7%A6%8F%E5%BB%BA%E7%9C%81%E8%AE%BE%E7%AB%8B%E6%BC%B3%E5%B7%9E%E5%B8%82%E9%BE%99%E6%96%87%E5%8C%BA%E7%9A%84%E6%89%B9%E5%A4%8D", retrieved="2026-12-08",
    genre="批复（落款“中华人民共和国国务院”，编号的句子不是标题）", notes_on_text="whole document; Wikisource's header line (title, 国函〔1996〕38号, agency and date run together) and licence notice left out, so no 发文字号; its numbered paragraphs are numbered sentences, not headings (as in 14)",
    title="国务院关于同意福建省设立漳州市龙文区的批复",
    addressee="福建省人民政府:",
    signature=sig(["中华人民共和国国务院"], "1996-05-31")),
"26-dongguan-health-leading-group": dict(
    url="http://www1.tax.org.cn/article.aspx?menuid=1333&tab=tab_laws&tabid=1492679", retrieved="2026-12-08",
    genre="通知（成立领导小组，名单；发文字号用方括号，行尾有空格）", notes_on_text="whole document; the site's line running 发文字号, date and province together left out; the lines of one space, trailing spaces and typed indents kept as published; 发文字号 with [ ] as published",
    title="东莞市人民政府办公室关于成立市公共卫生体系建设领导小组的通知",
    doc_number="东府办函〔2003〕248号",
    addressee="各镇人民政府(区办事处),市府直属有关单位:",
    signature=sig(["东莞市人民政府办公室"], "2003-12-16")),
"27-tianchang-cppcc-session-notice": dict(
    url="http://www.tcszx.gov.cn/content/detail/62ddf87efc7889f3ce4aa569.html", retrieved="2026-12-08",
    genre="通知（会议，出席/特邀/列席人员；日期写作二OO八年；页面正文前没有标题）", notes_on_text="the page's chrome (扫一扫) left out; the whole text it gives: no title in it (page header only); 一、 is a heading, 二、–五、 are numbered sentences, not headings; the date is typed with the letter O, as published",
    addressee="各镇(街道)、各镇(街道)政协工作联络组、市直各单位、八届政协委员、住天长的滁州市政协委员:",
    headings=[[1, "一、出席、特邀和列席会议人员"]],
    signature=sig(["政协天长市委员会"], "2008-01-07")),
"28-hunan-agri-census-meeting": dict(
    url="http://222.240.193.190/zhuanlan/2nd_agricultral_census/news_notice/200611300074.htm", retrieved="2026-12-08",
    genre="通知（会议，联系人在正文里，落款只有日期；页面正文前没有标题）", notes_on_text="the whole text the page gives: no title, the 落款 a date only; the 联系人 line is the body's last paragraph, before the date, so not a 附注",
    addressee="各市州、县市区第二次农业普查领导小组办公室:",
    signature=sig([], "2006-11-29")),
"29-lueyang-supervision-report": dict(
    url="https://khmgzl.com/html/infoegovinfo1347nry01604465-7-ZXGK2018-0515001.html", retrieved="2026-12-08",
    genre="报告（上行，页面正文前没有标题）", notes_on_text="a copy of the county's page; the whole text it gives: no title (page header only)",
    addressee="市政府督查室:",
    signature=sig(["略阳县人民政府"], "2018-05-11")),
"30-tianjin-forwarding-letter": dict(
    url="http://wisor.cc/policy/show.php?from=client&itemid=53467", retrieved="2026-12-08",
    genre="函（转发，结语“此函”，落款只有日期）", notes_on_text="the page's chrome (发布日期, 浏览次数, 分享到) left out; whole text, blank lines and typed indents as published; the 落款 a date only",
    title="关于转发《中华人民共和国环境保护部公告》的函",
    addressee="滨海新区、北辰区、武清区政府:",
    signature=sig([], "2011-10-27")),
"31-county-npc-appraisal-notice": dict(
    url="http://flxrd.gov.cn/wzgl668.html", retrieved="2026-12-08",
    genre="通知（主送“各位人大代表”，联系电话在落款前）", notes_on_text="the page's chrome (发布日期, 来源) left out; whole document; the 联系电话 line is body text before the 落款, not a 附注",
    title="关于收集对十个受评部门意见建议的通知",
    addressee="各位人大代表:",
    signature=sig(["县人大工作评议办公室"], "2018-08-21")),
"32-shandong-rural-governance-notice": dict(
    url="http://lsfz.org.cn/show-52519.html", retrieved="2026-12-08",
    genre="公示（附件说明四项，没有标题和主送）", notes_on_text="a repost: its text starts with the body (the title is in the page header only); the download link to the 附件, the 原文链接 and the repost's disclaimer after the 落款 left out",
    attachment_note=["全省乡村治理示范镇名单", "全省乡村治理示范村名单", "前两批全国乡村治理示范镇复核结果", "前两批全国乡村治理示范村复核结果"],
    signature=sig(["山东省农业农村厅"], "2023-07-31")),
"33-hanyin-attendance-bulletin": dict(
    url="https://www.hanyin.gov.cn/Content-2411323.html", retrieved="2026-12-08",
    genre="通报（会议到会情况，请假名单；只有标题和正文）", notes_on_text="the page's metadata (索引号, 发布日期, 来源, 内容概述, 分享) left out; the whole text: no 主送, no 落款",
    title="2022年县政府全体(扩大)会议暨廉政工作会议到会情况的通报"),
"34-shangjie-proposal-reply": dict(
    url="http://henan.kjzch.com/zhengzhou/2020-12-25/760591.html", retrieved="2026-12-08",
    genre="答复（提案答复；落款只有日期，其下联系单位、联系人和“抄 报”）", notes_on_text="the repost prints the text twice: kept once; the comment box left out; the contact lines under the date are its 附注 (not bracketed) and 抄 报 its 版记's 抄送 line, as published",
    addressee="马三朝委员:",
    signature=sig([], "2020-08-18"),
    notes=["联系单位及电话:郑州市上街区城市管理局 68118611", "联 系 人:熊晓玮"],
    colophon_cc=["区政协办公室", "区委区政府督查局"]),
"35-anhui-hna-coordination-minutes": dict(
    url="http://www.xuexila.com/fanwen/huiyijiyao/2094019.html", retrieved="2026-12-08",
    genre="纪要（协调会议，标题两行，参会单位在导语里）", notes_on_text="a 范文 site's reprint of the provincial government's 纪要 (the first of three on the page); the site's heading, date and introduction left out; the title's two lines, the blank lines and the typed indents as published; cut after the first 议定事项, so no 落款; its numbered paragraphs are numbered sentences, not headings",
    title="落实安徽省人民政府与海航集团合作备忘录协调会议纪要"),
"36-xuancheng-standing-meeting-notice": dict(
    url="https://www.xuancheng.gov.cn/OpennessContent/show/2414549.html", retrieved="2026-12-08",
    genre="通知（常务会议，列席人员、请假；页面丢了日期里的字）", notes_on_text="the page's metadata and chrome (索引号, 发布时间, 字体) left out; the page lost characters (the month, weekday and session number: 市政府67日(星期8:40), kept as published; its 1.–6. are numbered sentences, not headings; cut inside 6., so no 落款",
    title="关于召开市政府第8次常务会议的通知",
    addressee="市直有关单位:"),
"37-heze-investment-measures": dict(
    url="http://law270.infoeach.com/view-MjcwfDEwMDcyMA==.html", retrieved="2026-12-08",
    genre="通知（印发，上有机关名一行，落款只有日期）", notes_on_text="the law site's chrome (位置, 作者, 下载地址, its own heading) left out, its agency line above the title kept; issued 办法 cut inside 第三条",
    title="菏泽市人民政府办公室关于印发菏泽市扩大内需投资项目管理办法的通知",
    doc_number="菏政办发〔2009〕72号",
    addressee="各县区人民政府,市政府各部门,市属各企业,各大中专院校:",
    signature=sig(["菏泽市人民政府办公室"], "2009-10-29"),
    issued=["菏泽市扩大内需投资项目管理办法"]),
"held-out/01-jiangxi-disabled-employment": dict(
    url="https://dongao.com/fgk/qt/202302014100936.shtml",
    genre="通知（印发）", notes_on_text="site metadata left out; issued 实施方案 cut after 一、",
    title="江西省人民政府办公厅关于印发江西省促进残疾人就业三年行动实施方案(2022-2024年)的通知",
    doc_number="赣府厅字〔2022〕90号",
    addressee="各市、县(区)人民政府,省政府各部门:",
    headings=[[1, "一、任务目标"]],
    signature=sig(["江西省人民政府办公厅"], "2022-09-07"),
    notes=["此件主动公开"],
    issued=["江西省促进残疾人就业三年行动实施方案(2022-2024年)"]),
"held-out/02-maanshan-disability-plan": dict(
    url="http://210.14.65.66/_d3/c55885/20241016/i260253.phtml",
    genre="通知（印发，页面以规划名作标题）", notes_on_text="the page heads the notice with the plan's name; 编制背景's paragraph cut after its first sentences",
    title="马鞍山市“十四五”残疾人保障和发展规划",
    addressee="各县、区人民政府,市政府各部门、直属机构,有关单位:",
    headings=[[1, "一、编制背景"]],
    signature=sig(["马鞍山市人民政府"], "2022-05-06"),
    issued=["马鞍山市“十四五”残疾人保障和发展规划"]),
"held-out/03-shandong-budget-reform": dict(
    url="https://0798ci.com/law/8240.html",
    genre="意见", notes_on_text="cut after 1.指导思想, so no 落款",
    title="山东省人民政府关于深化预算管理制度改革的实施意见",
    doc_number="鲁政发〔2014〕20号",
    addressee="各市人民政府,各县(市、区)人民政府,省政府各部门、各直属机构,各大企业,各高等院校:",
    headings=[[1, "一、深化预算管理制度改革的总体要求"],
              [3, "1.指导思想。贯彻落实党的十八大和十八届三中、四中全会以及省委十届十次全会精神,以邓小平理论、“三个代表”重要思想、科学发展观为指导,深入贯彻习近平总书记系列重要讲话精神,紧紧围绕建立现代财政制度的总目标,改进预算管理制度,创新预算管理方式,健全预算管理体系,优化预算收支结构,提升预算管理绩效,加快构建全面规范、公开透明的预算制度,进一步规范政府行为、强化预算约束、防范财政风险,为推进政府治理体系和治理能力现代化、加快经济文化强省建设提供制度保障。"]]),
"held-out/04-puyang-manholes": dict(
    url="http://law505.infoeach.com/view-NTA1fDEzMDE2NA==.html",
    genre="通知（印发，落款只有日期）", notes_on_text="site chrome left out; issued 办法 cut after 第三条",
    title="濮阳市人民政府办公室关于印发濮阳市城市道路窨井设施管理暂行办法的通知",
    doc_number="濮政办〔2011〕19号",
    addressee="各县(区)人民政府,高新区、工业园区管委会,市人民政府各部门:",
    signature=sig(["濮阳市人民政府办公室"], "2011-03-30"),
    issued=["濮阳市城市道路窨井设施管理暂行办法"]),
"held-out/05-jian-open-government": dict(
    url="http://law406.infoeach.com/view-NDA2fDQ1NzI0.html",
    genre="通知（印发，落款只有日期）", notes_on_text="site chrome left out; issued 细则 cut after 一、's paragraph's first sentence",
    title="江西省吉安市人民政府办公室关于印发吉安市市本级政务公开工作实施细则的通知",
    doc_number="吉府发〔2003〕37号",
    addressee="市政府各部门,市直各单位:",
    headings=[[1, "一、总体目标和要求"]],
    signature=sig(["江西省吉安市人民政府办公室"], "2003-12-04"),
    issued=["吉安市市本级政务公开工作实施细则"]),
"held-out/06-shangqiu-reply": dict(
    url="https://zhonghuashu.com/wiki/%E5%9B%BD%E5%8A%A1%E9%99%A2%E5%85%B3%E4%BA%8E%E5%90%8C%E6%84%8F%E6%B2%B3%E5%8D%97%E7%9C%81%E6%92%A4%E9%94%80%E5%95%86%E4%B8%98%E5%9C%B0%E5%8C%BA%E8%AE%BE%E7%AB%8B%E5%9C%B0%E7%BA%A7%E5%95%86%E4%B8%98%E5%B8%82%E7%9A%84%E6%89%B9%E5%A4%8D", retrieved="2026-12-08",
    genre="批复（编号的句子，分区的段落）", notes_on_text="whole document; the site's name after the title and its header line (title, 国函〔1997〕46号, agency, date run together) left out, so no 发文字号",
    title="国务院关于同意河南省撤销商丘地区设立地级商丘市的批复",
    addressee="河南省人民政府:",
    signature=sig(["中华人民共和国国务院"], "1997-06-10")),
"held-out/07-haikou-work-rules": dict(
    url="https://www.haikou.gov.cn/hkszfgb/2011nd5q/201106/1d7db8663c6e4bf688146ada0a273ed2.shtml", retrieved="2026-12-08",
    genre="通知（印发，落款只有日期、用空格推到右边）", notes_on_text="the page's chrome (date, 来源, 字体) left out; spaces as published; issued 规则 cut after 六、",
    title="关于印发《海口市人民政府工作规则》的通知",
    doc_number="海府〔2011〕33号",
    addressee="各区人民政府,市政府直属各单位:",
    signature=sig([], "2011-04-08"),
    issued=["海口市人民政府工作规则"]),
"held-out/08-guanxian-safety-plan": dict(
    url="http://www.guanxian.gov.cn/site_gxgxyjgljs/channel_x_5414_6333/doc_653808dcfc96dbda3a592aa2.html", retrieved="2026-12-08",
    genre="通知（印发，预案的目录）", notes_on_text="the page's metadata lines left out; issued 预案 cut after its 目录 (the table of contents, hard-wrapped as published, is not headings)",
    title="冠县人民政府办公室关于印发冠县安全生产事故应急救援预案的通知",
    doc_number="冠政办发〔2017〕83号",
    addressee="县经济开发区管委会,各乡镇人民政府、街道办事处,县直有关部门:",
    signature=sig(["冠县人民政府办公室"], "2017-09-04"),
    issued=["冠县安全生产事故应急救援预案"]),
"held-out/09-lanzhou-meeting-rules": dict(
    url="https://xiexiebang.com/a13/201905158/caee588c32988bf9.html", retrieved="2026-12-08",
    genre="通知（印发，发文字号用方括号，落款只有日期）", notes_on_text="the site's own heading line (第一篇:…) left out; 发文字号 with [ ] as published; issued 规则 cut after 第四条",
    title="兰州市人民政府关于印发《兰州市人民政府常务会议议事规则》的通知",
    doc_number="兰政发[2010]94号",
    addressee="各县、区人民政府,市政府各部门,市属各单位,市级有关单位:",
    signature=sig([], "2010-07-25"),
    issued=["兰州市人民政府常务会议议事规则"]),
"held-out/10-ali-work-rules": dict(
    url="https://dscjxm.com/www/info/1112/41099", retrieved="2026-12-08",
    genre="通知（印发，行署）", notes_on_text="the page's metadata list and chrome (发布时间, 浏览次数) left out, so no 发文字号; issued 规则 cut after 一、",
    title="阿里地区行政公署关于印发《阿里地区行政公署工作规则》的通知",
    addressee="各县人民政府,行署各局、委、办、处:",
    signature=sig(["阿里地区行政公署"], "2021-11-09"),
    issued=["阿里地区行政公署工作规则"]),
}

FIELDS = ["title", "doc_number", "addressee", "headings", "tables", "attachment_note",
          "signature", "notes", "issued", "attachments", "colophon_cc"]

if __name__ == "__main__":
    for name, d in DOCS.items():
        out = {"source": {"url": d["url"], "retrieved": d.get("retrieved", RETRIEVED), "genre": d["genre"],
                          "notes": d["notes_on_text"]}}
        for f in FIELDS:
            default = None if f in ("title", "doc_number", "addressee", "signature") else []
            out[f] = d.get(f, default)
        with open(os.path.join(ROOT, name, "expected.json"), "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    print(len(DOCS), "expected.json written")
