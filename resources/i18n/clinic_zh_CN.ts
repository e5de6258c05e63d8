<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>Fee account</source>
        <translation>费用账户</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Take a payment…</source>
        <translation>收费…</translation>
    </message>
    <message>
        <source>Waive…</source>
        <translation>减免…</translation>
    </message>
    <message>
        <source>Void receipt…</source>
        <translation>作废收据…</translation>
    </message>
    <message>
        <source>Print receipt…</source>
        <translation>打印收据…</translation>
    </message>
    <message>
        <source>Patient %1 · %2</source>
        <translation>患者 %1 · %2</translation>
    </message>
    <message>
        <source>Billed to a payer scheme: the patient&apos;s share is settled through the claim, so no daily fee is charged at the window.</source>
        <translation>费用由医保结算：患者自付部分随结算单结算，窗口不收每日服药费。</translation>
    </message>
    <message>
        <source>Dosing day</source>
        <translation>服药日</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Waiver</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>Cancelled: %1 — %2</source>
        <translation>已作废：%1 — %2</translation>
    </message>
    <message>
        <source>dose no. %1</source>
        <translation>服药记录 %1</translation>
    </message>
    <message>
        <source>Choose a payment or waiver to print its receipt.</source>
        <translation>请选择一笔缴费或减免以打印其收据。</translation>
    </message>
    <message>
        <source>Choose a payment or waiver that is not already voided.</source>
        <translation>请选择一笔未作废的缴费或减免。</translation>
    </message>
    <message>
        <source>Receipt %1 voided.</source>
        <translation>收据 %1 已作废。</translation>
    </message>
</context>
<context>
    <name>AcknowledgeBreakDialog</name>
    <message>
        <source>Acknowledge a break in the audit trail</source>
        <translation>确认审计记录中的断点</translation>
    </message>
    <message>
        <source>An auditor and an administrator acknowledge this break together, each with their own password. The broken events stay in the trail and every later verification reports the break; work can go on. Acknowledge it only after examining it (e.g. against the last backup).</source>
        <translation>由审计员和管理员共同确认此断点，各自输入本人密码。损坏的记录保留在审计记录中，此后每次校验都会报告该断点；工作可以继续。请在核查之后再确认（如与最近的备份核对）。</translation>
    </message>
    <message>
        <source>What was examined, and why work may go on (e.g. checked against the last backup)</source>
        <translation>检查了什么、为何可以继续工作（如已与最近的备份核对）</translation>
    </message>
    <message>
        <source>Break at event</source>
        <translation>断点所在记录</translation>
    </message>
    <message>
        <source>Problem found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Your password (%1)</source>
        <translation>您的密码（%1）</translation>
    </message>
    <message>
        <source>Auditor&apos;s user name</source>
        <translation>审计员用户名</translation>
    </message>
    <message>
        <source>Auditor&apos;s password</source>
        <translation>审计员密码</translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <source>Administrator&apos;s password</source>
        <translation>管理员密码</translation>
    </message>
    <message>
        <source>Acknowledge break</source>
        <translation>确认断点</translation>
    </message>
    <message>
        <source>Verifying the trail and acknowledging the break…</source>
        <translation>正在校验审计记录并确认断点…</translation>
    </message>
    <message>
        <source>Acknowledging the break…</source>
        <translation>正在确认断点…</translation>
    </message>
</context>
<context>
    <name>AddPlaceDialog</name>
    <message>
        <source>Add a stock place</source>
        <translation>添加库位</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Must choose a new password at first sign-in</source>
        <translation>首次登录时必须设置新密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>AgreementForm</name>
    <message>
        <source>e.g. 12 months</source>
        <translation>例如 12 个月</translation>
    </message>
    <message>
        <source>Confidentiality of the patient&apos;s information</source>
        <translation>对患者信息保密</translation>
    </message>
    <message>
        <source>The clinic&apos;s rules</source>
        <translation>门诊规定</translation>
    </message>
    <message>
        <source>When treatment ends</source>
        <translation>终止治疗的条件</translation>
    </message>
    <message>
        <source>Expected effect and risks</source>
        <translation>预期效果与风险</translation>
    </message>
    <message>
        <source>The signed agreement states:</source>
        <translation>已签署的协议载明：</translation>
    </message>
    <message>
        <source>Treatment method</source>
        <translation>治疗方式</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>疗程</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>签署日期</translation>
    </message>
</context>
<context>
    <name>AgreementPage</name>
    <message>
        <source>Voluntary-treatment agreement</source>
        <translation>自愿治疗协议</translation>
    </message>
    <message>
        <source>Tick each term the signed agreement states.</source>
        <translation>请勾选已签署协议中载明的每一项。</translation>
    </message>
    <message>
        <source>No scanned copy</source>
        <translation>无扫描件</translation>
    </message>
    <message>
        <source>Attach the scanned copy…</source>
        <translation>附上扫描件…</translation>
    </message>
    <message>
        <source>The scanned agreement</source>
        <translation>协议扫描件</translation>
    </message>
    <message>
        <source>PDF or image (%1)</source>
        <translation>PDF 或图片（%1）</translation>
    </message>
    <message>
        <source>The scanned copy must be a PDF, PNG or JPEG file.</source>
        <translation>扫描件须为 PDF、PNG 或 JPEG 文件。</translation>
    </message>
    <message>
        <source>%1 (%2 KB), stored encrypted</source>
        <translation>%1（%2 KB），加密保存</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>Acknowledged break at event %1: %2. Acknowledged in event %3 on %4 by auditor %5 and administrator %6: %7</source>
        <translation>已确认的损坏位于第 %1 条：%2。由审计员 %5 和管理员 %6 于 %4 在第 %3 条事件中确认：%7</translation>
    </message>
    <message>
        <source>The audit trail is intact since event %1, the break(s) above kept.</source>
        <translation>审计日志自第 %1 条事件起完整；上述损坏仍保留在记录中。</translation>
    </message>
    <message>
        <source>The audit trail is intact: %n event checked.</source>
        <translation>审计日志完整：已核验 %n 条事件。</translation>
    </message>
    <message>
        <source>The audit trail is intact: %n events checked.</source>
        <translation>审计日志完整：已核验 %n 条事件。</translation>
    </message>
    <message>
        <source>The audit trail is NOT intact: %1</source>
        <translation>审计日志不完整：%1</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Patient / record no.</source>
        <translation>患者/记录编号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>核验审计链</translation>
    </message>
    <message>
        <source>Acknowledge break…</source>
        <translation>确认断点…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>%1 of %2 matching events shown (more load as you scroll).</source>
        <translation>显示 %2 条匹配事件中的 %1 条（向下滚动加载更多）。</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation>正在核验审计日志…</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the audit trail…</source>
        <translation>正在导出审计日志…</translation>
    </message>
    <message>
        <source>%1 events written to %2 (date range only; other filters do not apply).</source>
        <translation>已将 %1 条事件写入 %2（仅按日期范围导出，其他筛选条件不适用）。</translation>
    </message>
</context>
<context>
    <name>BottleReturnDialog</name>
    <message>
        <source>Bottle returns</source>
        <translation>空瓶归还</translation>
    </message>
    <message>
        <source>%1, dose %2: %3 mg</source>
        <translation>%1，第 %2 次：%3 mg</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已归还</translation>
    </message>
    <message>
        <source>Record the returns</source>
        <translation>登记归还</translation>
    </message>
    <message>
        <source>No bottle is waiting to come back.</source>
        <translation>没有待归还的空瓶。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>You signed in with a temporary password. Choose your own password now to continue.</source>
        <translation>您使用的是临时密码。请先设置自己的密码再继续。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Numbers</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The figures behind this chart, to read and export</source>
        <translation>查看并导出此图表背后的数据</translation>
    </message>
</context>
<context>
    <name>ClaimDetailDialog</name>
    <message>
        <source>Claim %1</source>
        <translation>结算单 %1</translation>
    </message>
    <message>
        <source>corrects %1</source>
        <translation>更正 %1</translation>
    </message>
    <message>
        <source>corrected by %1</source>
        <translation>已被 %1 更正</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>结算单号</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Insured-person no.</source>
        <translation>参保人编号</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>报销政策</translation>
    </message>
    <message>
        <source>annual cap %1</source>
        <translation>年度封顶线 %1</translation>
    </message>
    <message>
        <source>no annual cap</source>
        <translation>无年度封顶线</translation>
    </message>
    <message>
        <source>from %1: payer %2 after a deductible of %3 a year, %4; subsidy %5 of the patient&apos;s part; insurance type %6, medical type %7</source>
        <translation>自 %1 起：每年起付线 %3，超出部分医保报销 %2，%4；个人自付部分补助 %5；险种类型 %6，医疗类别 %7</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Payer</source>
        <comment>amount column</comment>
        <translation>医保支付</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助</translation>
    </message>
    <message>
        <source>Patient</source>
        <comment>amount column</comment>
        <translation>个人自付</translation>
    </message>
    <message>
        <source>Total %1 = payer %2 + subsidy %3 + patient %4 (deductible %5)</source>
        <translation>合计 %1 = 医保支付 %2 + 补助 %3 + 个人自付 %4（其中起付线部分 %5）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Reason / reference</source>
        <translation>原因 / 参考号</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>状态变更记录</translation>
    </message>
</context>
<context>
    <name>ClaimsPage</name>
    <message>
        <source>There is no payer scheme yet: an administrator adds one.</source>
        <translation>尚无支付方险种，请由管理员添加。</translation>
    </message>
    <message>
        <source>Building the claims of %1…</source>
        <translation>正在生成 %1 的结算单…</translation>
    </message>
    <message>
        <source>Choose a payer and a month, then build the batch.</source>
        <translation>请选择支付方和月份，然后生成批次。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Discard the drafts of %1</source>
        <translation>废弃批次 %1 的草稿</translation>
    </message>
    <message>
        <source>Why (e.g. fixing insured numbers)</source>
        <translation>原因（如：更正参保人编号）</translation>
    </message>
    <message>
        <source>No batch yet.</source>
        <translation>尚无批次。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 to %4</source>
        <translation>%1 · %2 · %3 至 %4</translation>
    </message>
    <message>
        <source>Claim %1 is now: %2.</source>
        <translation>结算单 %1 现为：%2。</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>拒付：%1</translation>
    </message>
    <message>
        <source>The payer&apos;s reason</source>
        <translation>支付方给出的原因</translation>
    </message>
    <message>
        <source>%1 corrects %2, which is voided.</source>
        <translation>%1 已更正 %2，原结算单作废。</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>Insurance claims</source>
        <translation>医保结算</translation>
    </message>
    <message>
        <source>Build a batch</source>
        <translation>生成批次</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>批次列表</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Build batch</source>
        <translation>生成批次</translation>
    </message>
    <message>
        <source>Discard drafts to fix and rebuild…</source>
        <translation>废弃草稿以更正后重新生成…</translation>
    </message>
    <message>
        <source>Claims in the batch</source>
        <translation>本批次结算单</translation>
    </message>
    <message>
        <source>Excluded: never in a claim file</source>
        <translation>已排除（不会出现在任何结算文件中）</translation>
    </message>
    <message>
        <source>Problems to fix before a claim can be made</source>
        <translation>须先处理才能生成结算单的问题</translation>
    </message>
    <message>
        <source>Reading the claims of %1…</source>
        <translation>正在读取 %1 的结算情况…</translation>
    </message>
    <message>
        <source>%n claim</source>
        <translation>%n 张结算单</translation>
    </message>
    <message>
        <source>%n claims</source>
        <translation>%n 张结算单</translation>
    </message>
    <message>
        <source>%n problem</source>
        <translation>%n 项问题</translation>
    </message>
    <message>
        <source>%n problems</source>
        <translation>%n 项问题</translation>
    </message>
    <message>
        <source>Reading %1 for %2…</source>
        <translation>正在读取 %1 的 %2 结算情况…</translation>
    </message>
    <message>
        <source>Batch %1 · %2 · total %3 · payer %4 · subsidy %5 · patient %6 · %7 excluded · %8</source>
        <translation>批次 %1 · %2 · 合计 %3 · 医保支付 %4 · 补助 %5 · 个人自付 %6 · 排除 %7 人 · %8</translation>
    </message>
    <message>
        <source>No batch yet for %1 in %2: %3 can be built · %4 excluded · %5</source>
        <translation>%1 在 %2 尚无批次：可生成 %3 · 排除 %4 人 · %5</translation>
    </message>
    <message>
        <source>the payer pays nothing on %n claim: see its note</source>
        <translation>%n 张结算单医保支付为零：原因见备注</translation>
    </message>
    <message>
        <source>the payer pays nothing on %n claims: see their notes</source>
        <translation>%n 张结算单医保支付为零：原因见备注</translation>
    </message>
    <message>
        <source>%n draft claim of %2 discarded; fix the data and build again.</source>
        <translation>已废弃批次 %2 的 %n 张草稿结算单；请更正数据后重新生成。</translation>
    </message>
    <message>
        <source>%n draft claims of %2 discarded; fix the data and build again.</source>
        <translation>已废弃批次 %2 的 %n 张草稿结算单；请更正数据后重新生成。</translation>
    </message>
    <message>
        <source>The chronic-disease registration of %1 is recorded; export the batch again for its visits.</source>
        <translation>%1 的门诊慢特病登记已记录；请重新导出本批次，生成其就诊报文。</translation>
    </message>
    <message>
        <source>Leave %1 out of the export</source>
        <translation>将 %1 排除在导出之外</translation>
    </message>
    <message>
        <source>Why (the days can be claimed once fixed)</source>
        <translation>原因（修正后这些日期可再结算）</translation>
    </message>
    <message>
        <source>%1 is left out of the export.</source>
        <translation>%1 已排除在导出之外。</translation>
    </message>
    <message>
        <source>%1 replies recorded.</source>
        <translation>已记录 %1 条回执。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>批次 %1</translation>
    </message>
    <message>
        <source>%1 exported to %2 (SHA-256 %3…).</source>
        <translation>已将 %1导出至 %2（SHA-256 %3…）。</translation>
    </message>
    <message>
        <source>%1 visits are not yet registered with the platform: the file holds their registration (2201); import its reply, then export again.</source>
        <translation>%1 次就诊尚未在医保平台登记：文件中为其门诊挂号（2201）；请导入平台回执后再次导出。</translation>
    </message>
    <message>
        <source>Nothing was exported: open Export… again.</source>
        <translation>未导出任何内容：请重新打开“导出…”。</translation>
    </message>
    <message>
        <source>Payer</source>
        <comment>amount column</comment>
        <translation>医保支付</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助</translation>
    </message>
    <message>
        <source>Patient</source>
        <comment>amount column</comment>
        <translation>个人自付</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>结算单号</translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation>患者编号</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why excluded</source>
        <translation>排除原因</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Totals per payer</source>
        <translation>按支付方合计</translation>
    </message>
    <message>
        <source>Totals per status</source>
        <translation>按状态合计</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>结算单数</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>导出次数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Print summary…</source>
        <translation>打印汇总…</translation>
    </message>
    <message>
        <source>Import remittance…</source>
        <translation>导入回执文件…</translation>
    </message>
    <message>
        <source>Import platform replies…</source>
        <translation>导入医保平台回执…</translation>
    </message>
    <message>
        <source>Chronic-disease registration…</source>
        <translation>门诊慢特病登记…</translation>
    </message>
    <message>
        <source>Leave out…</source>
        <translation>排除…</translation>
    </message>
    <message>
        <source>Open claim</source>
        <translation>查看结算单</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Paid…</source>
        <translation>已支付…</translation>
    </message>
    <message>
        <source>Rejected…</source>
        <translation>拒付…</translation>
    </message>
    <message>
        <source>Correct (new version)</source>
        <translation>更正（生成新版本）</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Renew a consent</source>
        <translation>续签同意书</translation>
    </message>
    <message>
        <source>Record a consent</source>
        <translation>登记同意书</translation>
    </message>
    <message>
        <source>Patient %1. Record what the patient signed. Nothing leaves the clinic for this purpose without a consent in force.</source>
        <translation>患者 %1。请按患者签字的内容登记。没有有效的同意书，任何信息都不会为此用途离开本门诊。</translation>
    </message>
    <message>
        <source>e.g. the resident scheme, 城乡居民医保</source>
        <translation>例如：城乡居民医保</translation>
    </message>
    <message>
        <source>e.g. daily doses, urine screens and fees for claims</source>
        <translation>例如：每日服药、尿检及费用，用于医保结算</translation>
    </message>
    <message>
        <source>Until the patient revokes it</source>
        <translation>撤回前一直有效</translation>
    </message>
    <message>
        <source>No scan: the signed paper form is kept on file.</source>
        <translation>无扫描件：签字的纸质同意书存档保管。</translation>
    </message>
    <message>
        <source>Attach the signed form…</source>
        <translation>附上签字的同意书…</translation>
    </message>
    <message>
        <source>Save the form as PDF…</source>
        <translation>将表格另存为 PDF…</translation>
    </message>
    <message>
        <source>Print the form for signature…</source>
        <translation>打印同意书供签字…</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Information shared</source>
        <translation>共享的信息</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>签署日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Signed form</source>
        <translation>签字的同意书</translation>
    </message>
    <message>
        <source>Record the consent</source>
        <translation>登记同意书</translation>
    </message>
    <message>
        <source>Choose the scan of the signed form</source>
        <translation>选择签字同意书的扫描件</translation>
    </message>
    <message>
        <source>Scans (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>扫描件 (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>%1 (%2 KB) will be kept, encrypted, with the consent.</source>
        <translation>%1（%2 KB）将加密后与同意书一并保存。</translation>
    </message>
    <message>
        <source>Save the consent form as PDF</source>
        <translation>将同意书另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Consent form</source>
        <translation>知情同意书</translation>
    </message>
    <message>
        <source>Form saved to %1: print it for signature.</source>
        <translation>同意书已保存到 %1：请打印后供患者签字。</translation>
    </message>
</context>
<context>
    <name>ConsentForms</name>
    <message>
        <source>One day was already sent to %2 in an exported claim and stays with them: %3</source>
        <translation>已有 1 天的记录随导出的结算单提供给 %2，无法收回：%3</translation>
    </message>
    <message>
        <source>%1 days were already sent to %2 in exported claims and stay with them: %3</source>
        <translation>已有 %1 天的记录随导出的结算单提供给 %2，无法收回：%3</translation>
    </message>
    <message>
        <source>Consent revoked</source>
        <translation>同意书已撤回</translation>
    </message>
</context>
<context>
    <name>ContactAttemptDialog</name>
    <message>
        <source>Log a contact attempt</source>
        <translation>登记联系记录</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CountsView</name>
    <message>
        <source>Daily counts and variances</source>
        <translation>每日盘点与差异</translation>
    </message>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>All windows</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <source>All products</source>
        <translation>全部药品</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>期初</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>领入</translation>
    </message>
    <message>
        <source>Dispensed</source>
        <translation>发药</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>损耗</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有数</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>实盘数</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>差异说明</translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation>签字人</translation>
    </message>
    <message>
        <source>Second signature</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Day closed</source>
        <translation>已日结</translation>
    </message>
    <message>
        <source>within tolerance</source>
        <translation>在允许范围内</translation>
    </message>
    <message>
        <source>explained and signed off</source>
        <translation>已说明并签字</translation>
    </message>
    <message>
        <source>waiting for sign-off</source>
        <translation>待签字</translation>
    </message>
    <message>
        <source>day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>shift handover</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>%1 counts · %2 beyond tolerance · %3 still waiting for sign-off</source>
        <translation>共 %1 次盘点 · %2 次超出允许范围 · %3 次待签字</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>DailyLogTab</name>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Daily log PDF…</source>
        <translation>发药日志 PDF…</translation>
    </message>
    <message>
        <source>Print daily log…</source>
        <translation>打印当日发药记录…</translation>
    </message>
    <message>
        <source>There is no dosing window yet.</source>
        <translation>还没有发药窗口。</translation>
    </message>
    <message>
        <source>Totals match the ledger.</source>
        <translation>合计与账册相符。</translation>
    </message>
    <message>
        <source>Totals DO NOT match the ledger.</source>
        <translation>合计与账册不符！</translation>
    </message>
    <message>
        <source>Doses given %1, voided %2.</source>
        <translation>已发药 %1 次，作废 %2 次。</translation>
    </message>
    <message>
        <source>Choose a dose in the list first (not a voided one).</source>
        <translation>请先在列表中选择一条服药记录（不能是已作废的）。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Reading the figures…</source>
        <translation>正在读取统计数据…</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Last 3 months</source>
        <translation>近3个月</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>近12个月</translation>
    </message>
    <message>
        <source>Last 2 years</source>
        <translation>近2年</translation>
    </message>
    <message>
        <source>Last 5 years</source>
        <translation>近5年</translation>
    </message>
</context>
<context>
    <name>DestroyDialog</name>
    <message>
        <source>Record a destruction</source>
        <translation>登记销毁</translation>
    </message>
    <message>
        <source>No. %1: %2, lot %3, %4 (%5)</source>
        <translation>第 %1 号：%2，批号 %3，%4（%5）</translation>
    </message>
    <message>
        <source>the approval&apos;s document number</source>
        <translation>批准文件编号</translation>
    </message>
    <message>
        <source>name and office of the supervising officer</source>
        <translation>监督人员姓名及单位</translation>
    </message>
    <message>
        <source>Stock awaiting destruction</source>
        <translation>待销毁药品</translation>
    </message>
    <message>
        <source>Authority&apos;s reference</source>
        <translation>主管部门批准文号</translation>
    </message>
    <message>
        <source>Supervised by</source>
        <translation>监督人</translation>
    </message>
    <message>
        <source>Record the destruction</source>
        <translation>登记销毁</translation>
    </message>
    <message>
        <source>No stock is awaiting destruction.</source>
        <translation>没有待销毁的药品。</translation>
    </message>
</context>
<context>
    <name>DisclosureHistoryDialog</name>
    <message>
        <source>Disclosure history</source>
        <translation>信息披露记录</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>信息范围</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Save for the patient (PDF)…</source>
        <translation>为患者保存（PDF）…</translation>
    </message>
    <message>
        <source>Print for the patient…</source>
        <translation>打印给患者…</translation>
    </message>
    <message>
        <source>consent #%1</source>
        <translation>同意书 #%1</translation>
    </message>
    <message>
        <source>legal basis: %1</source>
        <translation>法律依据：%1</translation>
    </message>
    <message>
        <source>No identified data of patient %1 has left the clinic.</source>
        <translation>患者 %1 的身份信息从未提供给本门诊以外的机构。</translation>
    </message>
    <message>
        <source>Patient %1: one disclosure of identified data.</source>
        <translation>患者 %1：身份信息披露 1 次。</translation>
    </message>
    <message>
        <source>Patient %1: %2 disclosures of identified data.</source>
        <translation>患者 %1：身份信息披露 %2 次。</translation>
    </message>
    <message>
        <source>Save the disclosure history as PDF</source>
        <translation>将信息披露记录另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>DoseLogTable</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation>患者编号</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>发药量</translation>
    </message>
    <message>
        <source>Bottle</source>
        <translation>药瓶</translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>take-home</source>
        <translation>带药</translation>
    </message>
    <message>
        <source>re-dose: %1</source>
        <translation>补服：%1</translation>
    </message>
    <message>
        <source>replacement: %1</source>
        <translation>补发：%1</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>不收费</translation>
    </message>
    <message>
        <source>VOIDED: %1</source>
        <translation>已作废：%1</translation>
    </message>
</context>
<context>
    <name>DosePanelView</name>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>(dose %1 of %2)</source>
        <translation>（第 %1/%2 次）</translation>
    </message>
    <message>
        <source>Last dose: %1</source>
        <translation>末次服药：%1</translation>
    </message>
    <message>
        <source>No dose yet</source>
        <translation>尚无服药记录</translation>
    </message>
    <message>
        <source>Missed days in a row: %1</source>
        <translation>连续漏服天数：%1</translation>
    </message>
    <message>
        <source>Dosed today: %1 of %2</source>
        <translation>今日已服：%1/%2 次</translation>
    </message>
    <message>
        <source>Ready: give the dose, then press Enter to confirm it (witnessed).</source>
        <translation>可以服药：看服后按回车键确认。</translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation>批号 %1</translation>
    </message>
</context>
<context>
    <name>DoseWasteDialog</name>
    <message>
        <source>Part of this dose was not taken: %1</source>
        <translation>该剂量未服完：%1</translation>
    </message>
    <message>
        <source>part-dose not taken</source>
        <translation>未服完的剩余药液</translation>
    </message>
    <message>
        <source>A spill or other loss at this window, not tied to a dose.</source>
        <translation>本窗口的洒漏或其他损耗，与具体服药记录无关。</translation>
    </message>
</context>
<context>
    <name>DosingHoursDialog</name>
    <message>
        <source>Dosing hours at %1</source>
        <translation>%1 服药时间</translation>
    </message>
    <message>
        <source>e.g. 07:00</source>
        <translation>如 07:00</translation>
    </message>
    <message>
        <source>e.g. 12:00</source>
        <translation>如 12:00</translation>
    </message>
    <message>
        <source>Closing a window&apos;s day before the hours end, or while patients of today&apos;s queue are still to come, needs the pharmacist to confirm how many are waiting.</source>
        <translation>在服药时间结束前日结，或今日仍有患者未服药时日结，药师须确认未服药人数。</translation>
    </message>
    <message>
        <source>Dosing opens</source>
        <translation>服药开始</translation>
    </message>
    <message>
        <source>Dosing closes</source>
        <translation>服药结束</translation>
    </message>
</context>
<context>
    <name>DosingPage</name>
    <message>
        <source>Dosing window</source>
        <translation>服药窗口</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Daily log</source>
        <translation>发药日志</translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation>尿检</translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation>随访</translation>
    </message>
</context>
<context>
    <name>EligibilityPage</name>
    <message>
        <source>Eligibility</source>
        <translation>入组条件</translation>
    </message>
    <message>
        <source>Opioid dependence diagnosed by a physician; voluntary; full capacity.</source>
        <translation>经医师诊断为阿片类物质依赖；本人自愿；具有完全民事行为能力。</translation>
    </message>
    <message>
        <source>The patient applies of their own will</source>
        <translation>患者本人自愿申请</translation>
    </message>
    <message>
        <source>The patient has full capacity for civil conduct</source>
        <translation>患者具有完全民事行为能力</translation>
    </message>
    <message>
        <source>Guardian (name, relation)</source>
        <translation>监护人（姓名、关系）</translation>
    </message>
    <message>
        <source>Guardian&apos;s written consent on</source>
        <translation>监护人书面同意日期</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Diagnosed on</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>The patient is under %1: treatment needs a guardian&apos;s written consent.</source>
        <translation>患者未满 %1 岁：治疗须有监护人的书面同意。</translation>
    </message>
</context>
<context>
    <name>EndGuestDialog</name>
    <message>
        <source>End guest dosing early</source>
        <translation>提前结束外点服药</translation>
    </message>
    <message>
        <source>Guest dosing at %1 from %2 to %3. The order stays on the record.</source>
        <translation>%2 至 %3 在 %1 外点服药。该医嘱仍保留在记录中。</translation>
    </message>
    <message>
        <source>e.g. came back early</source>
        <translation>例如：提前返回</translation>
    </message>
    <message>
        <source>Doses at home again from</source>
        <translation>恢复在本人服药点服药日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>End guest dosing</source>
        <translation>结束外点服药</translation>
    </message>
</context>
<context>
    <name>EnrolmentWizard</name>
    <message>
        <source>Enrol a patient</source>
        <translation>患者入组</translation>
    </message>
    <message>
        <source>Enrol a transferred patient</source>
        <translation>为转诊患者入组</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>入组</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong that the program did not expect: %1</source>
        <translation>程序发生了意外错误：%1</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>ExceptionDoseDialog</name>
    <message>
        <source>Dose exception</source>
        <translation>例外给药</translation>
    </message>
    <message>
        <source>A re-dose after vomiting needs the physician&apos;s order: the physician signs below. A replacement for a lost take-home dose needs a witness. The day&apos;s exceptions are listed in the daily log.</source>
        <translation>呕吐后补服须有医师医嘱：请医师在下方签名。带药遗失补发须有见证人。当日例外给药列于发药日志。</translation>
    </message>
    <message>
        <source>Re-dose after vomiting (physician&apos;s order)</source>
        <translation>呕吐后补服（医师医嘱）</translation>
    </message>
    <message>
        <source>Replacement for a lost take-home dose</source>
        <translation>带药遗失补发</translation>
    </message>
    <message>
        <source>e.g. vomited 10 minutes after the dose</source>
        <translation>如：服药后 10 分钟呕吐</translation>
    </message>
    <message>
        <source>Charge for this dose</source>
        <translation>本次收费</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>例外类型</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Record the dose</source>
        <translation>登记服药</translation>
    </message>
    <message>
        <source>The physician who ordered the re-dose signs</source>
        <translation>开具补服医嘱的医师签名</translation>
    </message>
    <message>
        <source>Second person (witness) signs</source>
        <translation>第二人（见证人）签字</translation>
    </message>
</context>
<context>
    <name>ExpiringConsentsDialog</name>
    <message>
        <source>Consents about to expire</source>
        <translation>即将失效的同意书</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation>患者编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation>打开病历</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今日失效</translation>
    </message>
    <message>
        <source>%1 (within %2 days)</source>
        <translation>%1（%2 天内）</translation>
    </message>
    <message>
        <source>Within 7 days: %1 · within 14 days: %2 · within 30 days: %3</source>
        <translation>7 天内：%1 · 14 天内：%2 · 30 天内：%3</translation>
    </message>
    <message>
        <source>No consent expires in the next 30 days.</source>
        <translation>未来 30 天内没有即将失效的同意书。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export batch %1</source>
        <translation>导出批次 %1</translation>
    </message>
    <message>
        <source>This payer&apos;s month still has %n unresolved problem: its days are in no claim of this file.</source>
        <translation>该支付方本月仍有 %n 项未解决的问题：相关日期不在本文件的任何结算单中。</translation>
    </message>
    <message>
        <source>This payer&apos;s month still has %n unresolved problems: their days are in no claim of this file.</source>
        <translation>该支付方本月仍有 %n 项未解决的问题：相关日期不在本文件的任何结算单中。</translation>
    </message>
    <message>
        <source>Export anyway: those days wait for a later batch, once fixed</source>
        <translation>仍然导出：这些日期待更正后在以后的批次中结算</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Platform messages (2201/2204/2207/4101A)</source>
        <translation>医保平台报文（2201/2204/2207/4101A）</translation>
    </message>
    <message>
        <source>The claims are sealed in an AES-256 zip. Windows Explorer and macOS Archive Utility cannot open it: use 7-Zip, WinRAR or Bandizip on Windows, Keka on macOS, 7z on Linux. Give the passphrase to the payer by another way than the file. Every claim in it is recorded as a disclosure.</source>
        <translation>结算单将封装在 AES-256 加密的 zip 文件中。Windows 资源管理器和 macOS“归档实用工具”无法打开此类文件：Windows 上请用 7-Zip、WinRAR 或 Bandizip，macOS 上请用 Keka，Linux 上请用 7z。请通过文件以外的渠道将密码告知支付方。文件中的每张结算单都会记为一次信息披露。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Institution code (medins_code)</source>
        <translation>定点医药机构编码（medins_code）</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the batch</source>
        <translation>导出批次</translation>
    </message>
    <message>
        <source>Fix the problems first, or tick “Export anyway” to export without their days.</source>
        <translation>请先处理这些问题，或勾选“仍然导出”，导出不含这些日期的文件。</translation>
    </message>
    <message>
        <source>Choose where to write the file.</source>
        <translation>请选择文件的保存位置。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Choose at least one format.</source>
        <translation>请至少选择一种格式。</translation>
    </message>
</context>
<context>
    <name>FeeDialog</name>
    <message>
        <source>New price</source>
        <translation>新价格</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit price (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <source>Clinic&apos;s own item code</source>
        <translation>院内项目编码</translation>
    </message>
    <message>
        <source>National catalogue code (med_list_codg)</source>
        <translation>医保目录编码（med_list_codg）</translation>
    </message>
    <message>
        <source>Charge category (med_chrgitm_type)</source>
        <translation>收费项目类别（med_chrgitm_type）</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>生效日期</translation>
    </message>
</context>
<context>
    <name>FeeForms</name>
    <message>
        <source>Owed: %1</source>
        <translation>欠费：%1</translation>
    </message>
    <message>
        <source>In credit: %1</source>
        <translation>预存：%1</translation>
    </message>
    <message>
        <source>Nothing owed</source>
        <translation>无欠费</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>收据 %1</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>已收 %1</translation>
    </message>
    <message>
        <source>Waived %1</source>
        <translation>已减免 %1</translation>
    </message>
    <message>
        <source>%1 · receipt %2 · %3</source>
        <translation>%1 · 收据 %2 · %3</translation>
    </message>
</context>
<context>
    <name>FindingsDialog</name>
    <message>
        <source>Inspectors&apos; findings</source>
        <translation>监督检查发现</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>检查发现</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Inspection %1 · %2 · %3 to %4</source>
        <translation>检查 %1 · %2 · %3 至 %4</translation>
    </message>
    <message>
        <source>No inspection has been granted.</source>
        <translation>尚未授予任何监督检查。</translation>
    </message>
    <message>
        <source>Inspector: %1 · purpose: %2 · %3 notes</source>
        <translation>检查人员：%1 · 事由：%2 · 共 %3 条记录</translation>
    </message>
    <message>
        <source>corrects note %1</source>
        <translation>更正记录 %1</translation>
    </message>
    <message>
        <source>corrected by note %1</source>
        <translation>已由记录 %1 更正</translation>
    </message>
    <message>
        <source>current</source>
        <translation>有效</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Flag for the window</source>
        <translation>服药窗口标记</translation>
    </message>
    <message>
        <source>e.g. appears intoxicated, smells of alcohol</source>
        <translation>如：疑似醉酒，有酒味</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>What the window should know</source>
        <translation>需告知服药窗口的情况</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>A stop-dose flag refuses every dose until a physician clears it.</source>
        <translation>停药标记在医师解除前拒绝一切给药。</translation>
    </message>
    <message>
        <source>Raise the flag</source>
        <translation>添加标记</translation>
    </message>
</context>
<context>
    <name>GrantInspectionDialog</name>
    <message>
        <source>Grant an inspection</source>
        <translation>授予监督检查</translation>
    </message>
    <message>
        <source>The inspector reads the controlled-drug register and the daily counts of these days only, never a patient&apos;s record, and writes findings. Every view is in the audit trail. The access ends after the expiry date, or when you end it.</source>
        <translation>检查人员只能查阅这些日期内的麻精药品专用账册和每日盘点，不能查看任何患者档案，并可记录检查发现。每次查阅均记入审计日志。授权在有效期届满后或由您结束时终止。</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>检查机关</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>检查事由</translation>
    </message>
    <message>
        <source>Records of</source>
        <translation>检查期间</translation>
    </message>
    <message>
        <source>Access until</source>
        <translation>授权有效至</translation>
    </message>
    <message>
        <source>There is no inspector&apos;s account yet: add a user with the inspector role first.</source>
        <translation>尚无监督检查员账户：请先添加具有监督检查员角色的用户。</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>授予</translation>
    </message>
</context>
<context>
    <name>GuestOrderDialog</name>
    <message>
        <source>Guest dosing</source>
        <translation>外点服药</translation>
    </message>
    <message>
        <source>Patient %1 doses at the place below on these dates, and nowhere else: not at the patient&apos;s own site. The dose order in force applies there.</source>
        <translation>患者 %1 在下列日期内只在下列地点服药，不在本人服药点服药；当前有效的剂量医嘱在该处适用。</translation>
    </message>
    <message>
        <source>Another site of this clinic</source>
        <translation>本机构其他服药点</translation>
    </message>
    <message>
        <source>Another clinic</source>
        <translation>其他门诊</translation>
    </message>
    <message>
        <source>e.g. 海淀区美沙酮维持治疗门诊</source>
        <translation>例如：海淀区美沙酮维持治疗门诊</translation>
    </message>
    <message>
        <source>e.g. visiting family; the receiving clinic agreed</source>
        <translation>例如：探亲；接收门诊已同意</translation>
    </message>
    <message>
        <source>Doses at</source>
        <translation>服药地点</translation>
    </message>
    <message>
        <source>First guest day</source>
        <translation>外点服药开始日期</translation>
    </message>
    <message>
        <source>Last guest day</source>
        <translation>外点服药结束日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Order guest dosing</source>
        <translation>开具外点服药医嘱</translation>
    </message>
</context>
<context>
    <name>GuestReturnDialog</name>
    <message>
        <source>Last dose at the other clinic</source>
        <translation>外院末次服药</translation>
    </message>
    <message>
        <source>Guest dosing at %1 from %2 to %3. Record the last day that clinic confirms it dosed the patient: missed days are counted from it. It cannot be changed later.</source>
        <translation>在 %1 外点服药，%2 至 %3。请按外院的确认记录其最后一次给药的日期：漏服天数自该日起计算。记录后不可更改。</translation>
    </message>
    <message>
        <source>e.g. letter number, or whom you spoke to</source>
        <translation>如函件编号或联系人</translation>
    </message>
    <message>
        <source>e.g. confirmed by phone</source>
        <translation>如电话确认</translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation>外院末次服药</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>确认凭据</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record last dose</source>
        <translation>记录末次服药</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>Identity</source>
        <translation>身份信息</translation>
    </message>
    <message>
        <source>As on the resident identity card. The ID number is checked, and searched for an earlier record, before you go on.</source>
        <translation>按居民身份证填写。继续之前将校验身份证号码，并查找是否已有档案。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
</context>
<context>
    <name>ImportTransferDialog</name>
    <message>
        <source>Import a transfer summary</source>
        <translation>导入转诊摘要</translation>
    </message>
    <message>
        <source>Open the file the sending clinic gave you, with the passphrase they told you separately. Check each field with the patient and the printed summary, tick it, then enrol. Nothing is stored until enrolment.</source>
        <translation>打开转出门诊提供的文件，输入其另行告知的口令。请与患者及纸质摘要逐项核对并勾选，然后入组。入组前不保存任何内容。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>In the summary</source>
        <translation>摘要内容</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>Enrol…</source>
        <translation>入组…</translation>
    </message>
    <message>
        <source>Choose the transfer file</source>
        <translation>选择转诊文件</translation>
    </message>
    <message>
        <source>Transfer summaries (%1)</source>
        <translation>转诊摘要（%1）</translation>
    </message>
    <message>
        <source>Signature verified: signed by %1 for %2 on %3, with the key whose fingerprint is %4. Compare it with the fingerprint printed on the paper summary.</source>
        <translation>签名已验证：由%1于 %3 签发给%2，签名密钥指纹为 %4。请与纸质摘要上打印的指纹核对。</translation>
    </message>
    <message>
        <source>It was made for %1, not for this clinic: ask the sending clinic before enrolling.</source>
        <translation>该摘要是发给 %1 的，而非本门诊：入组前请与转出门诊核实。</translation>
    </message>
    <message>
        <source>A former patient of this clinic holds this ID number (%1): confirm the fields, then re-admit them on their own record (a new episode).</source>
        <translation>该身份证号码属于本机构原患者（%1）：请核对确认各项后，在其原档案上重新入组（新的治疗周期）。</translation>
    </message>
    <message>
        <source>A patient with this ID number is already registered here (%1): open that record instead.</source>
        <translation>本门诊已有使用该身份证号码的患者（%1）：请打开该档案，不要重复建档。</translation>
    </message>
    <message>
        <source>Re-admit…</source>
        <translation>重新入组…</translation>
    </message>
    <message>
        <source>Not verified: the file was refused.</source>
        <translation>未通过验证：文件被拒绝。</translation>
    </message>
    <message>
        <source>%1 doses, the last: </source>
        <translation>共 %1 次服药，最近：</translation>
    </message>
    <message>
        <source>Name, sex, birth, ID number</source>
        <translation>姓名、性别、出生日期、身份证号码</translation>
    </message>
    <message>
        <source>Phone, address, emergency contact</source>
        <translation>电话、地址、紧急联系人</translation>
    </message>
    <message>
        <source>Diagnosis and treatment</source>
        <translation>诊断与治疗方式</translation>
    </message>
    <message>
        <source>Current order</source>
        <translation>当前医嘱</translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation>转出门诊末次服药</translation>
    </message>
    <message>
        <source>Doses (30 days) and titration</source>
        <translation>近 30 天服药及剂量调整</translation>
    </message>
    <message>
        <source>Titration: %1</source>
        <translation>剂量调整：%1</translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation>尿检</translation>
    </message>
    <message>
        <source>Missed days</source>
        <translation>漏服</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
</context>
<context>
    <name>InfectionTestDialog</name>
    <message>
        <source>Record a test result</source>
        <translation>登记检测结果</translation>
    </message>
    <message>
        <source>e.g. confirmed by the CDC laboratory</source>
        <translation>例如：经疾控中心实验室确证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Tested on</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <source>When</source>
        <translation>检测时机</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record the result</source>
        <translation>登记结果</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <source>Controlled-drug register</source>
        <translation>麻醉药品和精神药品专用账册</translation>
    </message>
    <message>
        <source>Reconciliations</source>
        <translation>盘点对账</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>监督检查</translation>
    </message>
    <message>
        <source>Inspection %1 (%2 to %3)</source>
        <translation>检查 %1（%2 至 %3）</translation>
    </message>
    <message>
        <source>You have no open inspection. The clinic&apos;s administrator grants an inspection for a period of records, until a date; ask them to grant one. Nothing else can be shown here.</source>
        <translation>您没有进行中的监督检查授权。授权由诊所管理员按检查期间和有效期授予，请联系管理员。此处不能显示其他内容。</translation>
    </message>
    <message>
        <source>Inspection %1 · %2 · records %3 to %4 · access until %5</source>
        <translation>检查 %1 · %2 · 检查期间 %3 至 %4 · 授权有效至 %5</translation>
    </message>
    <message>
        <source>Purpose: %1 · granted by %2. Read only: every view is in the audit trail.</source>
        <translation>事由：%1 · 授权人 %2。只读：每次查阅均记入审计日志。</translation>
    </message>
</context>
<context>
    <name>InspectionsBox</name>
    <message>
        <source>Inspections by the authority</source>
        <translation>主管部门监督检查</translation>
    </message>
    <message>
        <source>Grant an inspection…</source>
        <translation>授予监督检查…</translation>
    </message>
    <message>
        <source>End access…</source>
        <translation>结束授权…</translation>
    </message>
    <message>
        <source>Read the findings…</source>
        <translation>查阅检查发现…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>检查机关</translation>
    </message>
    <message>
        <source>Records of</source>
        <translation>检查期间</translation>
    </message>
    <message>
        <source>Access until</source>
        <translation>授权有效至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>ended %1</source>
        <translation>已于 %1 结束</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>End the inspection&apos;s access</source>
        <translation>结束检查授权</translation>
    </message>
    <message>
        <source>Why is inspection %1&apos;s access ended now?</source>
        <translation>为何现在结束检查 %1 的授权？</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <source>Issue to a dosing window</source>
        <translation>发放至发药窗口</translation>
    </message>
    <message>
        <source>Second person signs: who takes the stock to the window</source>
        <translation>第二人签字：领用人（领取药品到窗口者）</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>From the safe</source>
        <translation>发出药库</translation>
    </message>
    <message>
        <source>To the window</source>
        <translation>发往窗口</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Earliest expiry first (suggested)</source>
        <translation>近效期先出（建议）</translation>
    </message>
    <message>
        <source>This safe holds none of this product.</source>
        <translation>该药库没有此药品。</translation>
    </message>
    <message>
        <source>You chose the lot; its expiry is checked.</source>
        <translation>已手动选择批号；系统将核对其有效期。</translation>
    </message>
    <message>
        <source>Lot %1 (expires %2) will be used.</source>
        <translation>将使用批号 %1（有效期至 %2）。</translation>
    </message>
</context>
<context>
    <name>LateDoseDialog</name>
    <message>
        <source>Enter a dose given by hand</source>
        <translation>补录手工给药</translation>
    </message>
    <message>
        <source>For doses given from the printed queue while this workstation was down. The dose goes through the same checks as of the time given; if they refuse it, it goes to the review list for a physician or pharmacist.</source>
        <translation>用于本工作站停机期间按打印的服药队列手工给予的剂量。补录时按给药时刻执行同样的核查；核查不通过的，转入待审核清单，由医师或药师处理。</translation>
    </message>
    <message>
        <source>Patient number or card</source>
        <translation>患者编号或卡号</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>服药窗口</translation>
    </message>
    <message>
        <source>Given at</source>
        <translation>给药时间</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>给药护士</translation>
    </message>
    <message>
        <source>Slot (0: the next)</source>
        <translation>服药次序（0：下一次）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refused as of then, and put on the review list: %1</source>
        <translation>按给药时刻核查未通过，已转入待审核清单：%1</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Locked by %1 (%2). Enter the password to continue.</source>
        <translation>%1（%2）已锁屏。请输入密码继续。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign in as another user…</source>
        <translation>以其他用户登录…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Sign in as another user</source>
        <translation>以其他用户登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>not chosen yet (set after the first sign-in)</source>
        <translation>尚未选择（首次登录后设定）</translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation>站点：%1</translation>
    </message>
    <message>
        <source>DEMO clinic: fictional data only</source>
        <translation>演示诊所：仅含虚构数据</translation>
    </message>
    <message>
        <source>The screen was locked. Signing in here ends the locked user&apos;s session.</source>
        <translation>屏幕已锁定。在此登录将结束被锁定用户的会话。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Caps Lock appears to be on.</source>
        <translation>大写锁定键似乎已打开。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>This account is locked for %n more minute after too many wrong passwords. Wait, or ask an administrator to reset it.</source>
        <translation>密码错误次数过多，账户已锁定，还需等待 %n 分钟。请稍候，或联系管理员重置。</translation>
    </message>
    <message>
        <source>This account is locked for %n more minutes after too many wrong passwords. Wait, or ask an administrator to reset it.</source>
        <translation>密码错误次数过多，账户已锁定，还需等待 %n 分钟。请稍候，或联系管理员重置。</translation>
    </message>
    <message>
        <source>Audit trail damaged</source>
        <translation>审计记录已损坏</translation>
    </message>
    <message>
        <source>Choose a new password to sign in.</source>
        <translation>须设置新密码才能登录。</translation>
    </message>
</context>
<context>
    <name>LossDialog</name>
    <message>
        <source>Record a loss or theft</source>
        <translation>登记丢失或被盗</translation>
    </message>
    <message>
        <source>Record it at once. Report it to the police, the drug regulator and the health authority: the incident report can be saved as PDF next.</source>
        <translation>请立即登记，并报告公安机关、药品监督管理部门和卫生健康主管部门；下一步可将事件报告保存为 PDF。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Theft</source>
        <translation>被盗</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>what happened, when, who found it</source>
        <translation>经过、时间、发现人</translation>
    </message>
    <message>
        <source>optional: the police report&apos;s number</source>
        <translation>选填：报案回执号</translation>
    </message>
    <message>
        <source>Circumstances</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>Police reference</source>
        <translation>报案回执号</translation>
    </message>
    <message>
        <source>Record the incident</source>
        <translation>登记事件</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Cannot open the clinic</source>
        <translation>无法打开诊所</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>This workstation&apos;s site</source>
        <translation>本工作站所在站点</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Verify the audit trail</source>
        <translation>核验审计日志(&amp;V)</translation>
    </message>
    <message>
        <source>Offline doses to review…</source>
        <translation>离线服药待审核…</translation>
    </message>
    <message>
        <source>Enter a dose given by hand…</source>
        <translation>补录手工给药…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>角色：%1</translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation>站点：%1</translation>
    </message>
    <message>
        <source>offline copy</source>
        <translation>离线副本</translation>
    </message>
    <message>
        <source>embedded database</source>
        <translation>本机数据库</translation>
    </message>
    <message>
        <source>server database</source>
        <translation>服务器数据库</translation>
    </message>
    <message>
        <source>Locked after inactivity</source>
        <translation>因长时间未操作已锁屏</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <source>This session has ended. Sign in again.</source>
        <translation>本次会话已结束。请重新登录。</translation>
    </message>
    <message>
        <source>This workstation&apos;s offline copy could not be brought up to date: %1</source>
        <translation>本工作站的离线副本未能更新：%1</translation>
    </message>
    <message>
        <source>Sent: %1 doses recorded, %2 on the review list, %3 trail entries.</source>
        <translation>已补传：记录服药 %1 次，转入待审核 %2 次，审计记录 %3 条。</translation>
    </message>
    <message>
        <source>Back up the clinic</source>
        <translation>备份诊所数据</translation>
    </message>
    <message>
        <source>Clinic backups (*.clinicbak)</source>
        <translation>诊所备份 (*.clinicbak)</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup written</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <source>The encrypted backup was written to %1 (%2 rows), then read back and checked: it restores.</source>
        <translation>加密备份已写入 %1（%2 行），并已读回校验：可以恢复。</translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation>正在核验审计日志…</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>The pages on the left are those your role may use.

Ctrl+L locks the screen at once; it also locks itself after the idle time set by the administrator. Unlock with your password, or let a colleague sign in (which ends your session).

Ctrl+Q quits. Every action, and every record opened, is kept in the audit trail.</source>
        <translation>左侧列出的是您的角色可以使用的页面。

Ctrl+L 立即锁定屏幕；超过管理员设定的空闲时间也会自动锁屏。用您的密码解锁，或由同事登录（这将结束您的会话）。

Ctrl+Q 退出。每一项操作、每一次打开记录，都会记入审计日志。</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Clinic records for voluntary drug-treatment clinics.
Database: %1</source>
        <translation>自愿戒毒药物维持治疗门诊记录系统。
数据库：%1</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
</context>
<context>
    <name>MmtExportDialog</name>
    <message>
        <source>Report to the national MMT data system</source>
        <translation>向全国美沙酮维持治疗数据管理系统报告</translation>
    </message>
    <message>
        <source>Demographics, HIV/HCV/syphilis status, random urine results and daily doses of every patient dosed or enrolled in the period. Each patient in the file is logged as a disclosure on the legal basis given here.</source>
        <translation>统计期内服药或入组的每位患者的基本信息、艾滋病/丙肝/梅毒检测情况、随机尿检结果和每日服药剂量。文件中的每位患者均按此处填写的法律依据记入其信息披露记录。</translation>
    </message>
    <message>
        <source>e.g. 《戒毒药物维持治疗工作管理办法》, the article</source>
        <translation>例如：《戒毒药物维持治疗工作管理办法》第×条</translation>
    </message>
    <message>
        <source>the clinic&apos;s code in the data system</source>
        <translation>本门诊在数据管理系统中的机构编码</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Clinic code</source>
        <translation>机构编码</translation>
    </message>
    <message>
        <source>Passphrase for the file</source>
        <translation>文件加密口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
</context>
<context>
    <name>NewPasswordForm</name>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再次输入</translation>
    </message>
</context>
<context>
    <name>NotesView</name>
    <message>
        <source>Inspection notes</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <source>Notes are kept as written: a correction is a new note that names the one it corrects, and both stay in the list and in the PDF.</source>
        <translation>检查记录按原样保存：更正须另写一条注明所更正记录的新记录，两条均保留在列表和 PDF 中。</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>保存记录</translation>
    </message>
    <message>
        <source>Correct the selected note…</source>
        <translation>更正所选记录…</translation>
    </message>
    <message>
        <source>Cancel the correction</source>
        <translation>取消更正</translation>
    </message>
    <message>
        <source>Save notes as PDF…</source>
        <translation>将记录保存为 PDF…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>检查发现</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>corrects note %1</source>
        <translation>更正记录 %1</translation>
    </message>
    <message>
        <source>corrected by note %1</source>
        <translation>已由记录 %1 更正</translation>
    </message>
    <message>
        <source>current</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Correcting note %1</source>
        <translation>正在更正记录 %1</translation>
    </message>
    <message>
        <source>Note %1 saved.</source>
        <translation>记录 %1 已保存。</translation>
    </message>
    <message>
        <source>Save the notes</source>
        <translation>保存检查记录</translation>
    </message>
    <message>
        <source>The notes were saved to %1.</source>
        <translation>检查记录已保存至 %1。</translation>
    </message>
</context>
<context>
    <name>NumbersDialog</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the figures</source>
        <translation>保存数据</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存至 %1。</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>OFFLINE since %1: the main clinic cannot be reached. Dosing goes on here with the same checks, from this workstation&apos;s copy; only this site&apos;s patients, for at most %2 hours. The doses are sent when the link is back.</source>
        <translation>离线（自 %1 起）：无法连接主门诊。本机按同样的核查规则继续给药，使用本工作站的离线副本；仅限本服药点的患者，最长 %2 小时。连接恢复后补传服药记录。</translation>
    </message>
    <message>
        <source>The link to the main clinic is back. %1 doses recorded offline wait to be sent: sign in online to send them.</source>
        <translation>与主门诊的连接已恢复。有 %1 次离线服药记录待补传：请联网登录后补传。</translation>
    </message>
    <message>
        <source>Sign in and send…</source>
        <translation>登录并补传…</translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Dose order for %1 (%2)</source>
        <translation>%1（%2）的剂量医嘱</translation>
    </message>
    <message>
        <source>Current order: %1 of %2</source>
        <translation>当前医嘱：%2 %1</translation>
    </message>
    <message>
        <source>No order in force: this is the first order of the episode.</source>
        <translation>暂无有效医嘱：这是本疗程的第一条医嘱。</translation>
    </message>
    <message>
        <source>mg a day, e.g. 60</source>
        <translation>每日毫克数，例如 60</translation>
    </message>
    <message>
        <source>optional: mg per slot, e.g. 40 + 20</source>
        <translation>可选：每次毫克数，例如 40 + 20</translation>
    </message>
    <message>
        <source>Review on</source>
        <translation>复核日期</translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>The clinic&apos;s policy allows no take-home doses.</source>
        <translation>本门诊不允许带药。</translation>
    </message>
    <message>
        <source>At most %1 days.</source>
        <translation>最多 %1 天。</translation>
    </message>
    <message>
        <source>needed for a change of more than the usual step</source>
        <translation>调整幅度超过常规时必填</translation>
    </message>
    <message>
        <source>Above %1 mg a day: an ECG with its QTc, or a second physician</source>
        <translation>每日超过 %1 mg：须记录心电图 QTc，或由第二名医师签名</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>recorded on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>ECG QTc</source>
        <translation>心电图 QTc</translation>
    </message>
    <message>
        <source>or second physician</source>
        <translation>或第二名医师</translation>
    </message>
    <message>
        <source>their password</source>
        <translation>其密码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Daily dose (mg)</source>
        <translation>每日剂量（mg）</translation>
    </message>
    <message>
        <source>Split into slots</source>
        <translation>分次服用</translation>
    </message>
    <message>
        <source>Starts on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Take-home days</source>
        <translation>带药天数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>调整理由</translation>
    </message>
    <message>
        <source>Write the order</source>
        <translation>开具医嘱</translation>
    </message>
    <message>
        <source>No product in the catalogue fits this patient&apos;s treatment method.</source>
        <translation>药品目录中没有符合该患者治疗方式的药品。</translation>
    </message>
    <message>
        <source>%1 mL</source>
        <translation>%1 mL</translation>
    </message>
    <message>
        <source>%n × %2 mg tablet</source>
        <translation>%2 mg 片 × %n</translation>
    </message>
    <message>
        <source>%n × %2 mg tablets</source>
        <translation>%2 mg 片 × %n</translation>
    </message>
    <message>
        <source>= %1 a day (%2)</source>
        <translation>= 每日 %1（%2）</translation>
    </message>
    <message>
        <source>State the reason above.</source>
        <translation>请在上方填写理由。</translation>
    </message>
    <message>
        <source>Held after missed days: the reassessment proposes %1 mg.</source>
        <translation>因漏服暂停给药：重新评估建议剂量 %1 mg。</translation>
    </message>
    <message>
        <source>Enter the daily dose in mg.</source>
        <translation>请输入每日剂量（mg）。</translation>
    </message>
</context>
<context>
    <name>OutreachTab</name>
    <message>
        <source>Absent longer than the dropout limit: contact them (%1)</source>
        <translation>缺席超过脱失天数，请联系随访（%1）</translation>
    </message>
    <message>
        <source>End treatment (exit reason)…</source>
        <translation>结束治疗（填写退出原因）…</translation>
    </message>
    <message>
        <source>%1  %2 — last dose %3, absent %4 days</source>
        <translation>%1  %2 — 末次服药 %3，已缺席 %4 天</translation>
    </message>
    <message>
        <source>Choose a patient in the list first.</source>
        <translation>请先在列表中选择患者。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Dosing window</source>
        <translation>服药窗口</translation>
    </message>
    <message>
        <source>Identify the patient, see today&apos;s dose order and every warning, and record a witnessed dose.</source>
        <translation>核对患者身份，查看当日医嘱剂量及全部警示，记录当面服药。</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Enrol patients with their consent, find a patient by number or card, and open the record.</source>
        <translation>经知情同意入组患者，按编号或卡片查找患者并打开档案。</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>药品库存</translation>
    </message>
    <message>
        <source>Receive controlled drugs by lot, move them between safe, window and satellite sites, and record waste and destruction with a witness.</source>
        <translation>按批号验收麻精药品，在保险柜、发药窗口和延伸点之间调拨，并在见证下登记损耗与销毁。</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>盘点对账</translation>
    </message>
    <message>
        <source>Count the dispensing stock at the end of the day, explain every variance and have it signed off.</source>
        <translation>日终清点发药窗口库存，说明每一处差异并由第二人复核签字。</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>医保结算</translation>
    </message>
    <message>
        <source>Turn a month of dosing into insurance claims per payer scheme, validate, export and track them.</source>
        <translation>将每月服药记录按医保类别生成结算单，校验、导出并跟踪结果。</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Charts of the clinic&apos;s figures for your role, with the numbers behind each chart.</source>
        <translation>按您的角色以图表展示本诊所的统计数据，每张图表均可查看其背后的数字。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Print the controlled-drug register and the clinic&apos;s reports.</source>
        <translation>打印麻醉药品专用账册及诊所报表。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Add users, set their roles, reset passwords and disable accounts.</source>
        <translation>添加用户、设置角色、重置密码、停用账户。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The clinic&apos;s name, sites, language, lockout and idle-lock rules.</source>
        <translation>诊所名称、站点、语言、登录锁定和空闲锁屏规则。</translation>
    </message>
    <message>
        <source>Payers and fees</source>
        <translation>支付方与收费</translation>
    </message>
    <message>
        <source>Payer schemes, their reimbursement terms by date, and the fee schedule for claims.</source>
        <translation>支付方险种、按日期生效的报销政策，以及医保结算使用的收费项目目录。</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Read the audit trail, verify that it is intact, and export it.</source>
        <translation>查阅审计日志，核验其完整性并导出。</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>监督检查</translation>
    </message>
    <message>
        <source>The authority&apos;s inspector reads the register and the counts of the granted period, and writes findings.</source>
        <translation>主管部门的检查人员查阅授权期间的专用账册和盘点记录，并记录检查发现。</translation>
    </message>
</context>
<context>
    <name>PaidDialog</name>
    <message>
        <source>Paid: %1</source>
        <translation>已支付：%1</translation>
    </message>
    <message>
        <source>Amount paid (yuan)</source>
        <translation>支付金额（元）</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>支付日期</translation>
    </message>
</context>
<context>
    <name>PatientChoiceDialog</name>
    <message>
        <source>Which patient?</source>
        <translation>请选择患者</translation>
    </message>
    <message>
        <source>Check the photo on the next screen before dosing.</source>
        <translation>给药前请在下一屏核对照片。</translation>
    </message>
</context>
<context>
    <name>PatientHistoryDialog</name>
    <message>
        <source>History of %1</source>
        <translation>%1 的记录</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Doses from</source>
        <translation>服药记录 自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Poured</source>
        <translation>发药</translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审核医师</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Doses</source>
        <translation>服药</translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation>尿检</translation>
    </message>
    <message>
        <source>Tested</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>When</source>
        <translation>检测时机</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Record a result…</source>
        <translation>登记结果…</translation>
    </message>
    <message>
        <source>HIV, HCV, syphilis</source>
        <translation>艾滋病、丙肝、梅毒检测</translation>
    </message>
    <message>
        <source>observed</source>
        <translation>现场服药</translation>
    </message>
    <message>
        <source>take-home</source>
        <translation>带药</translation>
    </message>
    <message>
        <source>re-dose</source>
        <translation>补服</translation>
    </message>
    <message>
        <source>replacement</source>
        <translation>补发</translation>
    </message>
    <message>
        <source>withheld</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>voided: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>%1 doses given in the period.</source>
        <translation>期间共服药 %1 次。</translation>
    </message>
    <message>
        <source>One dose given in the period.</source>
        <translation>期间共服药 1 次。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>awaits review</source>
        <translation>待审核</translation>
    </message>
</context>
<context>
    <name>PatientRecordView</name>
    <message>
        <source>None recorded.</source>
        <translation>无记录。</translation>
    </message>
    <message>
        <source>← Back to the list</source>
        <translation>← 返回列表</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>变更状态…</translation>
    </message>
    <message>
        <source>Re-admit…</source>
        <translation>重新入组…</translation>
    </message>
    <message>
        <source>New dose order…</source>
        <translation>新开剂量医嘱…</translation>
    </message>
    <message>
        <source>Change photo…</source>
        <translation>更换照片…</translation>
    </message>
    <message>
        <source>Issue a card</source>
        <translation>发卡</translation>
    </message>
    <message>
        <source>Reprint the card…</source>
        <translation>补卡…</translation>
    </message>
    <message>
        <source>Card PDF…</source>
        <translation>就诊卡 PDF…</translation>
    </message>
    <message>
        <source>Print card…</source>
        <translation>打印就诊卡…</translation>
    </message>
    <message>
        <source>Fee account…</source>
        <translation>费用账户…</translation>
    </message>
    <message>
        <source>Doses and screens…</source>
        <translation>服药与尿检记录…</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Sex, age</source>
        <translation>性别、年龄</translation>
    </message>
    <message>
        <source>%1, %2 years (born %3)</source>
        <translation>%1，%2 岁（%3 出生）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Episode</source>
        <translation>疗程</translation>
    </message>
    <message>
        <source>%1, since %2</source>
        <translation>第 %1 疗程，自 %2 起</translation>
    </message>
    <message>
        <source>%1 years&apos; abstinence / police monitoring ends on</source>
        <translation>戒断满 %1 年 / 解除动态管控日期</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>就诊卡</translation>
    </message>
    <message>
        <source>none issued</source>
        <translation>未发卡</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation>自费</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>险种</translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation>参保人编号</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>治疗</translation>
    </message>
    <message>
        <source>Agreement: method</source>
        <translation>协议：治疗方式</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>状态变更记录</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation>入组</translation>
    </message>
    <message>
        <source>re-admitted</source>
        <translation>重新入组</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>停药</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <source>current</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>review due</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>Dose orders</source>
        <translation>剂量医嘱</translation>
    </message>
    <message>
        <source>Current: %1, %2 a day from %3</source>
        <translation>当前：%1，每日 %2，自 %3 起</translation>
    </message>
    <message>
        <source>review %1</source>
        <translation>%1 复核</translation>
    </message>
    <message>
        <source>ends %1</source>
        <translation>%1 结束</translation>
    </message>
    <message>
        <source>No dose order in force.</source>
        <translation>暂无有效剂量医嘱。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Daily dose</source>
        <translation>每日剂量</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Take-home days</source>
        <translation>带药天数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Guest dosing</source>
        <translation>外点服药</translation>
    </message>
    <message>
        <source>home again from %1 (%2)</source>
        <translation>%1 起回本人服药点（%2）</translation>
    </message>
    <message>
        <source>Doses at</source>
        <translation>服药地点</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Ended early</source>
        <translation>提前结束</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ordered by</source>
        <translation>开具医师</translation>
    </message>
    <message>
        <source>Last dose there (confirmed)</source>
        <translation>外院末次服药（已确认）</translation>
    </message>
    <message>
        <source>Last doses at other clinics, as recorded</source>
        <translation>已记录的外院末次服药</translation>
    </message>
    <message>
        <source>Guest dosing…</source>
        <translation>外点服药…</translation>
    </message>
    <message>
        <source>End early…</source>
        <translation>提前结束…</translation>
    </message>
    <message>
        <source>Last dose there…</source>
        <translation>外院末次服药…</translation>
    </message>
    <message>
        <source>voided by %1, %2: %3</source>
        <translation>已由 %1 于 %2 作废：%3</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation>外院末次服药</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>确认凭据</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Select a guest order in the table first.</source>
        <translation>请先在表中选择一条外点服药医嘱。</translation>
    </message>
    <message>
        <source>%1 is a site of this clinic: its doses are already on the record.</source>
        <translation>%1 是本机构的站点：其给药已在记录中。</translation>
    </message>
    <message>
        <source>The last dose at %1 is already recorded: %2.</source>
        <translation>已记录在 %1 的末次服药：%2。</translation>
    </message>
    <message>
        <source>Consents and disclosures</source>
        <translation>知情同意与信息披露</translation>
    </message>
    <message>
        <source>revoked %1: %2</source>
        <translation>%1 已撤回：%2</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>信息范围</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签署</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>失效</translation>
    </message>
    <message>
        <source>Disclosures</source>
        <translation>信息披露记录</translation>
    </message>
    <message>
        <source>consent #%1</source>
        <translation>同意书 #%1</translation>
    </message>
    <message>
        <source>legal basis: %1</source>
        <translation>法律依据：%1</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>renews #%1</source>
        <translation>续签 #%1</translation>
    </message>
    <message>
        <source>scanned</source>
        <translation>有扫描件</translation>
    </message>
    <message>
        <source>New consent…</source>
        <translation>新同意书…</translation>
    </message>
    <message>
        <source>Renew…</source>
        <translation>续签…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>Signed form</source>
        <translation>签字同意书</translation>
    </message>
    <message>
        <source>Disclosure history…</source>
        <translation>信息披露记录…</translation>
    </message>
    <message>
        <source>Transfer summary…</source>
        <translation>转诊摘要…</translation>
    </message>
    <message>
        <source>Select a consent in the table first.</source>
        <translation>请先在表中选择一份同意书。</translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation>同意书已登记。</translation>
    </message>
    <message>
        <source>Consent renewed.</source>
        <translation>同意书已续签。</translation>
    </message>
    <message>
        <source>Consent revoked: nothing more is shared under it.</source>
        <translation>同意书已撤回：此后不再据此提供任何信息。</translation>
    </message>
    <message>
        <source>Save the signed form</source>
        <translation>保存签字同意书</translation>
    </message>
    <message>
        <source>Signed form saved to %1.</source>
        <translation>签字同意书已保存到 %1。</translation>
    </message>
    <message>
        <source>Transfer summary saved: %1 and %2. Key fingerprint %3. Give the passphrase to the receiving clinic separately.</source>
        <translation>转诊摘要已保存：%1 和 %2。密钥指纹 %3。请另行将口令告知接收门诊。</translation>
    </message>
    <message>
        <source>Transfer summary %1</source>
        <translation>转诊摘要 %1</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <source>Card %1 issued.</source>
        <translation>已发卡 %1。</translation>
    </message>
    <message>
        <source>Reprint the card</source>
        <translation>补卡</translation>
    </message>
    <message>
        <source>Why is the card replaced (lost, damaged…)? The old card becomes void.</source>
        <translation>补卡原因（遗失、损坏等）？旧卡将作废。</translation>
    </message>
    <message>
        <source>Card %1 issued; the earlier card is void.</source>
        <translation>已发新卡 %1；旧卡作废。</translation>
    </message>
    <message>
        <source>Save the card as PDF</source>
        <translation>将就诊卡保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>就诊卡 %1</translation>
    </message>
    <message>
        <source>The card was saved to %1: open it to print.</source>
        <translation>就诊卡已保存到 %1，请打开后打印。</translation>
    </message>
    <message>
        <source>Making the card…</source>
        <translation>正在生成就诊卡…</translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <source>Patient no.</source>
        <translation>患者编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message>
        <source>Patients</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Scan the card, or type a patient number, name, initials or ID-number tail</source>
        <translation>刷卡，或输入患者编号、姓名、拼音首字母、身份证号后几位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Enrol a patient…</source>
        <translation>患者入组…</translation>
    </message>
    <message>
        <source>Import a transfer…</source>
        <translation>导入转诊…</translation>
    </message>
    <message>
        <source>Consents about to expire…</source>
        <translation>即将失效的同意书…</translation>
    </message>
    <message>
        <source>MMT data system report…</source>
        <translation>美沙酮数据系统报告…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>(the newest %1 are listed: search to find others)</source>
        <translation>（仅列出最新的 %1 名：其他患者请查找）</translation>
    </message>
    <message>
        <source>%1 patients: %2</source>
        <translation>共 %1 名患者：%2</translation>
    </message>
    <message>
        <source>No patients yet.</source>
        <translation>尚无患者。</translation>
    </message>
    <message>
        <source>This card has been replaced and is void: ask for the current card and keep this one.</source>
        <translation>此卡已补办并作废：请患者出示新卡，并收回此卡。</translation>
    </message>
    <message>
        <source>No patient found.</source>
        <translation>未找到患者。</translation>
    </message>
    <message>
        <source>Patients reported: %1, in %2. Each is logged as a disclosure.</source>
        <translation>已报告患者 %1 人，文件：%2。每位患者均已记入信息披露记录。</translation>
    </message>
</context>
<context>
    <name>PayerPage</name>
    <message>
        <source>Payer</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Who pays, and whether the patient consents to insurance claims. Without consent the patient is never in a claim file.</source>
        <translation>由谁支付，以及患者是否同意医保结算。未经同意，患者信息绝不会出现在结算文件中。</translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation>自费</translation>
    </message>
    <message>
        <source>The patient consents to insurance claims</source>
        <translation>患者同意医保结算</translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation>参保人编号</translation>
    </message>
    <message>
        <source>Consent signed on</source>
        <translation>同意书签署日期</translation>
    </message>
</context>
<context>
    <name>PayersPage</name>
    <message>
        <source>no cap</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>Saved. The change is in the audit trail.</source>
        <translation>已保存。此次更改已记入审计日志。</translation>
    </message>
    <message>
        <source>Payer schemes and fees</source>
        <translation>支付方险种与收费项目</translation>
    </message>
    <message>
        <source>Changes take effect from a date: claims already made keep the terms and prices they were made under. Ratios are shares between 0 and 1.</source>
        <translation>更改自指定日期起生效：已生成的结算单沿用生成时的报销政策和价格。比例填写 0 到 1 之间的小数。</translation>
    </message>
    <message>
        <source>Payer schemes</source>
        <translation>支付方险种</translation>
    </message>
    <message>
        <source>Terms by date</source>
        <translation>按日期生效的报销政策</translation>
    </message>
    <message>
        <source>Fee schedule</source>
        <translation>收费项目目录</translation>
    </message>
    <message>
        <source>Add a scheme…</source>
        <translation>添加险种…</translation>
    </message>
    <message>
        <source>New terms…</source>
        <translation>新报销政策…</translation>
    </message>
    <message>
        <source>New price…</source>
        <translation>新价格…</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>统筹区</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>险种</translation>
    </message>
    <message>
        <source>From</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>报销比例</translation>
    </message>
    <message>
        <source>Deductible</source>
        <translation>起付线</translation>
    </message>
    <message>
        <source>Annual cap</source>
        <translation>年度封顶线</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助比例</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>报销范围</translation>
    </message>
    <message>
        <source>insutype</source>
        <translation>险种类型</translation>
    </message>
    <message>
        <source>med_type</source>
        <translation>医疗类别</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>National catalogue code</source>
        <translation>医保目录编码</translation>
    </message>
    <message>
        <source>Charge category</source>
        <translation>收费项目类别</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take a payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Patient %1. %2. A receipt number is given for every payment.</source>
        <translation>患者 %1。%2。每笔缴费都有收据号。</translation>
    </message>
    <message>
        <source>yuan, e.g. 10 or 10.50</source>
        <translation>元，例如 10 或 10.50</translation>
    </message>
    <message>
        <source>optional, e.g. paid for the week ahead</source>
        <translation>可不填，例如预付一周</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record the payment</source>
        <translation>登记缴费</translation>
    </message>
    <message>
        <source>More than is owed</source>
        <translation>超过欠费</translation>
    </message>
    <message>
        <source>Take ¥%1</source>
        <translation>收款 ¥%1</translation>
    </message>
    <message>
        <source>Change the amount</source>
        <translation>修改金额</translation>
    </message>
</context>
<context>
    <name>PhotoPage</name>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>The nurse at the dosing window checks the patient against this photo.</source>
        <translation>服药窗口的护士将据此照片核对患者身份。</translation>
    </message>
    <message>
        <source>From a file…</source>
        <translation>从文件选择…</translation>
    </message>
    <message>
        <source>Take with the camera</source>
        <translation>用摄像头拍照</translation>
    </message>
    <message>
        <source>No photo now</source>
        <translation>暂不提供照片</translation>
    </message>
    <message>
        <source>No camera found: choose a photo file.</source>
        <translation>未找到摄像头：请选择照片文件。</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>This file is not an image the program can read.</source>
        <translation>无法读取该图片文件。</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page comes in a later version of the program.</source>
        <translation>此页面将在后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Printing stopped: the file was not saved.</source>
        <translation>已停止打印：文件未保存。</translation>
    </message>
    <message>
        <source>Printing stopped after page %1 of %2. The pages already sent may still come out of the printer.</source>
        <translation>打印已在第 %1 页（共 %2 页）后停止。已发送的页面可能仍会从打印机打出。</translation>
    </message>
    <message>
        <source>Printing %1…</source>
        <translation>正在打印 %1…</translation>
    </message>
</context>
<context>
    <name>ReadmitDialog</name>
    <message>
        <source>Re-admit %1</source>
        <translation>%1 重新入组</translation>
    </message>
    <message>
        <source>Re-admission opens episode %1 on the same record. Record the newly signed voluntary-treatment agreement.</source>
        <translation>重新入组将在同一档案中开启第 %1 疗程。请登记新签署的自愿治疗协议。</translation>
    </message>
</context>
<context>
    <name>ReadmitTransferDialog</name>
    <message>
        <source>Re-admit from a transfer summary</source>
        <translation>按转诊摘要重新入组</translation>
    </message>
    <message>
        <source>%1 was treated here before as %2. Re-admission opens a new episode on that record, with the last dose at %3 counted for missed days. Record the newly signed voluntary-treatment agreement.</source>
        <translation>%1 曾在本机构治疗（%2）。重新入组将在原档案上开始新的治疗周期，并按 %3 的末次服药计算漏服天数。请记录新签署的自愿治疗协议。</translation>
    </message>
    <message>
        <source>Re-admit</source>
        <translation>重新入组</translation>
    </message>
    <message>
        <source>Re-admit a former patient</source>
        <translation>原患者重新入组</translation>
    </message>
    <message>
        <source>Re-admit %1</source>
        <translation>重新入组 %1</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receive a delivery</source>
        <translation>入库验收</translation>
    </message>
    <message>
        <source>Second person signs: the keeper of the safe</source>
        <translation>第二人签字：保管人（药库保管者）</translation>
    </message>
    <message>
        <source>as on the label, e.g. 2027-03-31</source>
        <translation>按标签填写，例如 2027-03-31</translation>
    </message>
    <message>
        <source>the delivery note&apos;s number</source>
        <translation>随货单号</translation>
    </message>
    <message>
        <source>as on the delivery note</source>
        <translation>随货单所列数量</translation>
    </message>
    <message>
        <source>counted, in good condition</source>
        <translation>清点完好数量</translation>
    </message>
    <message>
        <source>none if left empty</source>
        <translation>不填表示无破损</translation>
    </message>
    <message>
        <source>packaging, seals, labels…</source>
        <translation>包装、封签、标签……</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>验收合格</translation>
    </message>
    <message>
        <source>Accepted; shortage or damage recorded</source>
        <translation>验收合格，短缺/破损已登记</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Into the safe</source>
        <translation>入库药库</translation>
    </message>
    <message>
        <source>Lot (batch) number</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>生产企业</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供货单位</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>随货单号</translation>
    </message>
    <message>
        <source>Quantity on the note</source>
        <translation>随货单数量</translation>
    </message>
    <message>
        <source>Received in good condition</source>
        <translation>实收完好数量</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>破损数量</translation>
    </message>
    <message>
        <source>Quality condition</source>
        <translation>质量情况</translation>
    </message>
    <message>
        <source>Acceptance conclusion</source>
        <translation>验收结论</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>验收入库</translation>
    </message>
    <message>
        <source>There is no controlled product in the catalogue.</source>
        <translation>药品目录中没有管制药品。</translation>
    </message>
    <message>
        <source>There is no safe yet: add one first.</source>
        <translation>尚无药库，请先添加。</translation>
    </message>
    <message>
        <source>Shortage: %1 missing against the delivery note.</source>
        <translation>短缺：比随货单少 %1。</translation>
    </message>
    <message>
        <source>More counted than the note says (%1 over): recount.</source>
        <translation>清点数量多于随货单（多 %1）：请复核。</translation>
    </message>
    <message>
        <source>No shortage.</source>
        <translation>无短缺。</translation>
    </message>
    <message>
        <source>%1 damaged go to quarantine.</source>
        <translation>破损 %1 转入待销毁隔离区。</translation>
    </message>
</context>
<context>
    <name>ReceiveTransferDialog</name>
    <message>
        <source>Receive a transfer</source>
        <translation>接收调拨</translation>
    </message>
    <message>
        <source>No. %1: %2, lot %3, %4 from %5 to %6</source>
        <translation>第 %1 号：%2，批号 %3，%4，由 %5 至 %6</translation>
    </message>
    <message>
        <source>counted on arrival</source>
        <translation>到货清点数量</translation>
    </message>
    <message>
        <source>needed when less arrived than was sent</source>
        <translation>到货少于发出数量时必填</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <source>Counted on arrival</source>
        <translation>到货清点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>验收入库</translation>
    </message>
    <message>
        <source>No transfer is in transit.</source>
        <translation>没有在途调拨。</translation>
    </message>
    <message>
        <source>%1 less than was sent: say what happened.</source>
        <translation>比发出数量少 %1：请说明情况。</translation>
    </message>
    <message>
        <source>More than was sent: recount.</source>
        <translation>多于发出数量：请复核。</translation>
    </message>
    <message>
        <source>All that was sent arrived.</source>
        <translation>发出数量全部到货。</translation>
    </message>
</context>
<context>
    <name>ReconciliationPage</name>
    <message>
        <source>Close the day?</source>
        <translation>确认日结？</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Keep it open</source>
        <translation>暂不日结</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>盘点对账</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Count sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Opening (end of yesterday)</source>
        <translation>期初（昨日结存）</translation>
    </message>
    <message>
        <source>+ Received from the safe</source>
        <translation>+ 自药库领入</translation>
    </message>
    <message>
        <source>− Dispensed</source>
        <translation>− 发药</translation>
    </message>
    <message>
        <source>− Wasted</source>
        <translation>− 损耗</translation>
    </message>
    <message>
        <source>− Returned to the safe</source>
        <translation>− 退回药库</translation>
    </message>
    <message>
        <source>± Other (transfers, corrections)</source>
        <translation>± 其他（调拨、更正）</translation>
    </message>
    <message>
        <source>= Expected</source>
        <translation>= 应有结存</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数量</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>差异说明</translation>
    </message>
    <message>
        <source>needed when the variance is beyond tolerance</source>
        <translation>差异超出允许范围时必填</translation>
    </message>
    <message>
        <source>Second person signs (beyond tolerance)</source>
        <translation>第二人签字（超出允许范围时）</translation>
    </message>
    <message>
        <source>Handover count</source>
        <translation>交班盘点</translation>
    </message>
    <message>
        <source>Close day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Record as found, settle later</source>
        <translation>按实盘登记，稍后处理</translation>
    </message>
    <message>
        <source>Variances waiting for sign-off</source>
        <translation>待签字确认的差异</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation>签字确认…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>%1 (whole tablets)</source>
        <translation>%1（整片）</translation>
    </message>
    <message>
        <source>Choose a dosing window and a product.</source>
        <translation>请选择发药窗口和药品。</translation>
    </message>
    <message>
        <source>There is no dosing window yet.</source>
        <translation>尚无发药窗口。</translation>
    </message>
    <message>
        <source>Business day %1 · tolerance ± %2</source>
        <translation>营业日 %1 · 允许差异 ± %2</translation>
    </message>
    <message>
        <source>Closed: the day %1 is signed and cannot be changed.</source>
        <translation>已日结：%1 已签字，不可更改。</translation>
    </message>
    <message>
        <source>Open: %1 waiting for sign-off; the day closes when it is signed.</source>
        <translation>未日结：%1待签字确认；签字后方可日结。</translation>
    </message>
    <message>
        <source>Open: count and close the day.</source>
        <translation>未日结：请盘点并日结。</translation>
    </message>
    <message>
        <source>Type the count in whole tablets.</source>
        <translation>请按整片输入盘点数量。</translation>
    </message>
    <message>
        <source>Type the measured volume in mL, e.g. 152.5.</source>
        <translation>请输入量取的体积（mL），例如 152.5。</translation>
    </message>
    <message>
        <source>Variance %1</source>
        <translation>差异 %1</translation>
    </message>
    <message>
        <source>within tolerance</source>
        <translation>在允许范围内</translation>
    </message>
    <message>
        <source>beyond tolerance</source>
        <translation>超出允许范围</translation>
    </message>
    <message>
        <source>Beyond tolerance: write the explanation and have a second person sign to settle it now, or record the count as found; the day cannot close until the variance is signed off.</source>
        <translation>超出允许范围：填写差异说明并由第二人签字即可立即处理；也可按实盘登记，但差异签字确认前不能日结。</translation>
    </message>
    <message>
        <source>Nothing was recorded: the day stays open.</source>
        <translation>未登记：今日未日结。</translation>
    </message>
    <message>
        <source>Count recorded as found: variance %1 waits for an explanation and a second signature.</source>
        <translation>已按实盘登记：差异 %1 待说明并由第二人签字。</translation>
    </message>
    <message>
        <source>Day closed. Variance %1.</source>
        <translation>已日结。差异 %1。</translation>
    </message>
    <message>
        <source>Handover count recorded. Variance %1.</source>
        <translation>已登记交班盘点。差异 %1。</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Variances waiting for sign-off (%1)</source>
        <translation>待签字确认的差异（%1）</translation>
    </message>
    <message>
        <source>No variance is waiting for sign-off.</source>
        <translation>没有待签字确认的差异。</translation>
    </message>
    <message>
        <source>Count not recorded</source>
        <translation>盘点未记录</translation>
    </message>
    <message>
        <source>Open that variance</source>
        <translation>打开该差异</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不处理</translation>
    </message>
    <message>
        <source>one count</source>
        <translation>1 次盘点</translation>
    </message>
    <message>
        <source>%1 counts</source>
        <translation>%1 次盘点</translation>
    </message>
    <message>
        <source>Today&apos;s counts</source>
        <translation>今日盘点</translation>
    </message>
    <message>
        <source>Counts of %1: %2 recorded</source>
        <translation>%1 的盘点：已记录 %2 次</translation>
    </message>
    <message>
        <source>No count recorded on %1 yet.</source>
        <translation>%1 尚无盘点记录。</translation>
    </message>
    <message>
        <source>Waiting for sign-off</source>
        <translation>待签字确认</translation>
    </message>
    <message>
        <source>Signed off by %1</source>
        <translation>已由 %1 签字确认</translation>
    </message>
    <message>
        <source>Settled (within tolerance)</source>
        <translation>已结（在允许范围内）</translation>
    </message>
    <message>
        <source>closed the day</source>
        <translation>已日结</translation>
    </message>
    <message>
        <source>%1, %2, %3: expected %4, counted %5, variance %6.</source>
        <translation>%1，%2，%3：应有 %4，实盘 %5，差异 %6。</translation>
    </message>
    <message>
        <source>Variance signed off; the day is closed.</source>
        <translation>差异已签字确认；已日结。</translation>
    </message>
    <message>
        <source>Variance signed off. Your count is still typed: record it again to close the day.</source>
        <translation>差异已签字确认。您的盘点数仍在输入框中：请再次记录以完成日结。</translation>
    </message>
    <message>
        <source>Variance signed off.</source>
        <translation>差异已签字确认。</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Controlled-drug register</source>
        <translation>麻醉药品和精神药品专用账册</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation>保存为 Excel…</translation>
    </message>
    <message>
        <source>Inspectors&apos; findings…</source>
        <translation>监督检查发现…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>From / to</source>
        <translation>来源/去向</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>生产企业</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供货单位</translation>
    </message>
    <message>
        <source>Quality condition</source>
        <translation>质量情况</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>验收结论</translation>
    </message>
    <message>
        <source>Handled by (receiver)</source>
        <translation>经手人（收货人）</translation>
    </message>
    <message>
        <source>Checked by (keeper / recipient)</source>
        <translation>核对人（保管人/领用人）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>There is no stock place or product to show yet.</source>
        <translation>尚无可显示的库位或药品。</translation>
    </message>
    <message>
        <source>Brought forward %1 · received %2 · issued %3 · balance %4 · %5</source>
        <translation>上月结转 %1 · 收入 %2 · 发出 %3 · 结存 %4 · %5</translation>
    </message>
    <message>
        <source>%n line</source>
        <translation>共 %n 行</translation>
    </message>
    <message>
        <source>%n lines</source>
        <translation>共 %n 行</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>验收合格</translation>
    </message>
    <message>
        <source>Accepted; shortage or damage recorded</source>
        <translation>验收合格，短缺/破损已登记</translation>
    </message>
    <message>
        <source>on the note %1, short %2, damaged %3</source>
        <translation>随货单 %1，短缺 %2，破损 %3</translation>
    </message>
    <message>
        <source>Save the register</source>
        <translation>保存专用账册</translation>
    </message>
    <message>
        <source>The register was saved to %1.</source>
        <translation>专用账册已保存至 %1。</translation>
    </message>
    <message>
        <source>Making the register (%1)…</source>
        <translation>正在生成专用账册（%1）…</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Chronic-disease registration: %1</source>
        <translation>门诊慢特病登记：%1</translation>
    </message>
    <message>
        <source>as on the approval, e.g. 2026-01-01</source>
        <translation>按批准文件填写，如 2026-01-01</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Disease catalogue code (opsp_dise_code)</source>
        <translation>病种目录编码（opsp_dise_code）</translation>
    </message>
    <message>
        <source>Disease name</source>
        <translation>病种名称</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Registration number (given by the region)</source>
        <translation>登记编号（统筹地区核发）</translation>
    </message>
    <message>
        <source>Insured place&apos;s division code (insuplc_admdvs)</source>
        <translation>参保地医保区划（insuplc_admdvs）</translation>
    </message>
    <message>
        <source>Credential (mdtrt_cert_type)</source>
        <translation>就诊凭证类型（mdtrt_cert_type）</translation>
    </message>
    <message>
        <source>Social security card number</source>
        <translation>社会保障卡卡号</translation>
    </message>
    <message>
        <source>Reason (for a correction)</source>
        <translation>原因（更正时填写）</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>The platform pays an outpatient chronic-disease visit only inside the patient&apos;s registration for that disease. Use the region&apos;s disease catalogue code, not the ICD-10 diagnosis. A correction is recorded as a new registration; the earlier ones stay listed.</source>
        <translation>医保平台只结算患者门诊慢特病登记期内的就诊。请使用统筹地区的病种目录编码，而不是 ICD-10 诊断编码。更正以新登记记录，原有登记仍保留列出。</translation>
    </message>
    <message>
        <source>Disease code</source>
        <translation>病种编码</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>登记编号</translation>
    </message>
</context>
<context>
    <name>RemittanceDialog</name>
    <message>
        <source>Import a remittance file</source>
        <translation>导入回执文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>CSV, one claim a row: claim number, paid amount, status (paid, accepted, rejected), reason. Rows that are unknown or malformed are reported and change nothing.</source>
        <translation>CSV 文件，每行一张结算单：结算单号、支付金额、状态（已支付、已受理、拒付，或 paid、accepted、rejected）、原因。无法识别或格式有误的行会列入报告，不做任何更改。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>支付日期</translation>
    </message>
    <message>
        <source>Remittance file</source>
        <translation>回执文件</translation>
    </message>
</context>
<context>
    <name>RemittanceReportDialog</name>
    <message>
        <source>Remittance imported</source>
        <translation>回执文件已导入</translation>
    </message>
    <message>
        <source>%1 applied; %2 not applied, changing nothing:</source>
        <translation>已处理 %1；%2未处理，未做任何更改：</translation>
    </message>
    <message>
        <source>%1 applied; no problems.</source>
        <translation>已处理 %1，没有问题。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>%n row</source>
        <translation>%n 行</translation>
    </message>
    <message>
        <source>%n rows</source>
        <translation>%n 行</translation>
    </message>
</context>
<context>
    <name>RepliesDialog</name>
    <message>
        <source>Import the platform&apos;s replies</source>
        <translation>导入医保平台回执</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>One line per visit: outpatient number (ipt_otp_no), 2201 or 2207, the id the platform issued (mdtrt_id or setl_id), or an empty id and its reason for refusing. Export the batch again afterwards for the next messages.</source>
        <translation>每次就诊一行：门诊号（ipt_otp_no）、2201 或 2207、平台返回的编号（mdtrt_id 或 setl_id），或编号留空并填写拒绝原因。导入后请再次导出本批次，生成后续报文。</translation>
    </message>
    <message>
        <source>The platform&apos;s reply file</source>
        <translation>医保平台回执文件</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Controlled-drug register</source>
        <translation>麻醉药品和第一类精神药品专用账册</translation>
    </message>
    <message>
        <source>One place, one product, one month: every movement and its balance.</source>
        <translation>一个地点、一种药品、一个月：每笔出入库及结存。</translation>
    </message>
    <message>
        <source>Physician&apos;s worklist</source>
        <translation>医师待办</translation>
    </message>
    <message>
        <source>Orders due for review or ending, positive screens awaiting review, and patients held after missed days.</source>
        <translation>待复核或即将到期的医嘱、待审核的阳性尿检，以及因漏服暂停服药的患者。</translation>
    </message>
    <message>
        <source>Patient census</source>
        <translation>患者人数统计</translation>
    </message>
    <message>
        <source>Patients by status and site; everyone in care with the order in force and the last dose.</source>
        <translation>按状态和站点统计患者；列出在册患者的有效医嘱和末次服药。</translation>
    </message>
    <message>
        <source>Dosing by nurse and window</source>
        <translation>服药统计（按护士和窗口）</translation>
    </message>
    <message>
        <source>Doses, total mg and quantity per product, take-home doses and voided doses, per nurse and window.</source>
        <translation>按护士和窗口统计服药人次、各药品总剂量和发药量、带药及作废记录。</translation>
    </message>
    <message>
        <source>Lots that had expired or were expiring within the days given, with their balances at the end of the chosen day.</source>
        <translation>所选日期当日结束时已过期或将在指定天数内到期的批号及其结存。</translation>
    </message>
    <message>
        <source>The month&apos;s figures the national MMT data system asks of a clinic, per site and in total; only the days inside the inspection&apos;s period.</source>
        <translation>全国美沙酮维持治疗数据系统要求门诊上报的当月数据，按站点及合计；仅含检查期间内的日期。</translation>
    </message>
    <message>
        <source>Missed doses</source>
        <translation>漏服统计</translation>
    </message>
    <message>
        <source>Patients who missed 1, 2, 3 or more days in a row, and what the missed-day rule requires.</source>
        <translation>连续漏服 1 天、2 天、3 天及以上的患者，以及漏服规则要求的处理。</translation>
    </message>
    <message>
        <source>Urine screens due</source>
        <translation>应做尿检</translation>
    </message>
    <message>
        <source>Patients in treatment whose last urine screen is older than allowed.</source>
        <translation>末次尿检超过规定间隔的在治患者。</translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation>失访随访</translation>
    </message>
    <message>
        <source>Patients absent long enough that their dose is held, with the contact attempts logged.</source>
        <translation>因连续漏服而暂停服药的患者，以及已登记的联系记录。</translation>
    </message>
    <message>
        <source>Stock expiry</source>
        <translation>近效期药品</translation>
    </message>
    <message>
        <source>Lots with a balance that have expired or expire within the days given.</source>
        <translation>有结存且已过期或将在指定天数内到期的批次。</translation>
    </message>
    <message>
        <source>MMT monthly work report</source>
        <translation>美沙酮维持治疗工作月报</translation>
    </message>
    <message>
        <source>The month&apos;s figures the national MMT data system asks of a clinic, per site and in total (docs/mmt-work-report.md).</source>
        <translation>全国美沙酮维持治疗数据管理系统要求门诊每月上报的数据，按站点和合计（见 docs/mmt-work-report.md）。</translation>
    </message>
    <message>
        <source>De-identified statistics</source>
        <translation>去标识化统计</translation>
    </message>
    <message>
        <source>Monthly counts by site for an authority, small counts withheld (*) so that no patient can be singled out; releasing them records the recipient and purpose.</source>
        <translation>按站点的月度统计数，供主管部门使用；小数目隐去（*），使任何患者都无法被识别；报送时登记接收方和用途。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Making the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>The contact attempt was logged.</source>
        <translation>联系记录已登记。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <source>The report was saved to %1.</source>
        <translation>报表已保存到 %1。</translation>
    </message>
    <message>
        <source>Saving the report (%1)…</source>
        <translation>正在保存报表（%1）…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Expiring within (days)</source>
        <translation>到期天数以内</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>All places</source>
        <translation>全部地点</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Log a contact attempt…</source>
        <translation>登记联系记录…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Release to an authority…</source>
        <translation>报送主管部门…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation>保存为 Excel…</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset the password of %1</source>
        <translation>重置 %1 的密码</translation>
    </message>
    <message>
        <source>The user signs in with this temporary password and must then choose a new one. A lockout is cleared.</source>
        <translation>该用户用此临时密码登录后必须设置新密码。账户锁定同时解除。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return to the safe</source>
        <translation>退回药库</translation>
    </message>
    <message>
        <source>From the window</source>
        <translation>退出窗口</translation>
    </message>
    <message>
        <source>e.g. end of the week&apos;s stock</source>
        <translation>例如：本周余量</translation>
    </message>
    <message>
        <source>Into the safe</source>
        <translation>入库药库</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>ReviewListDialog</name>
    <message>
        <source>Offline doses to review</source>
        <translation>离线服药待审核</translation>
    </message>
    <message>
        <source>Doses recorded offline or by hand that the main clinic&apos;s checks refused when they arrived. Nothing was dropped or changed: the dose as recorded and the record as it stands are shown side by side. Settle each with what was decided.</source>
        <translation>离线或手工补录的服药，在送达主门诊时未通过核查。记录未被丢弃或修改：补录的服药与现有记录并列显示。请逐条填写处理意见。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Given at</source>
        <translation>给药时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>服药窗口</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Refused because</source>
        <translation>未通过原因</translation>
    </message>
    <message>
        <source>The record holds</source>
        <translation>现有记录</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Settle the selected one</source>
        <translation>处理所选记录</translation>
    </message>
    <message>
        <source>dose %1 mg; %2 doses that day; last dose %3</source>
        <translation>剂量 %1 mg；当日已服 %2 次；末次服药 %3</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手工</translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation>已处理。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Check everything with the patient. Finish registers them and starts treatment (episode 1).</source>
        <translation>请与患者逐项核对。点击“入组”即完成登记并开始治疗（第 1 疗程）。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>scanned copy attached</source>
        <translation>附扫描件</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation>自费</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation>参保人编号</translation>
    </message>
    <message>
        <source>yes, signed %1</source>
        <translation>是，%1 签署</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Consent to claims</source>
        <translation>同意医保结算</translation>
    </message>
</context>
<context>
    <name>RevokeConsentDialog</name>
    <message>
        <source>Revoke a consent</source>
        <translation>撤回同意书</translation>
    </message>
    <message>
        <source>%1 to %2: from today nothing more is shared under this consent. What was shared before cannot be taken back.</source>
        <translation>%1 给 %2：自今日起不再据此同意书提供任何信息。此前已提供的信息无法收回。</translation>
    </message>
    <message>
        <source>the patient&apos;s words, e.g. pays privately now</source>
        <translation>患者的意见，例如：改为自费</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Revoke now</source>
        <translation>立即撤回</translation>
    </message>
</context>
<context>
    <name>RoleChecks</name>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>Roles of %1</source>
        <translation>%1 的角色</translation>
    </message>
</context>
<context>
    <name>SchemeDialog</name>
    <message>
        <source>Add a payer scheme</source>
        <translation>添加支付方险种</translation>
    </message>
    <message>
        <source>e.g. 110100 北京市</source>
        <translation>例如 110100 北京市</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>统筹区</translation>
    </message>
</context>
<context>
    <name>ScreenDialog</name>
    <message>
        <source>Urine screen</source>
        <translation>尿检</translation>
    </message>
    <message>
        <source>Random (unannounced) screen</source>
        <translation>随机（不预先通知）尿检</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Collected on</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <source>Positive for</source>
        <translation>阳性项目</translation>
    </message>
    <message>
        <source>Leave a box empty for a negative result.</source>
        <translation>阴性的项目不要勾选。</translation>
    </message>
    <message>
        <source>Record the screen</source>
        <translation>登记尿检</translation>
    </message>
</context>
<context>
    <name>ScreensTab</name>
    <message>
        <source>Record a screen…</source>
        <translation>登记尿检…</translation>
    </message>
    <message>
        <source>Reviewed…</source>
        <translation>已审核…</translation>
    </message>
    <message>
        <source>Due for a screen (%1)</source>
        <translation>应尿检（%1）</translation>
    </message>
    <message>
        <source>Positive, waiting for a physician&apos;s review (%1)</source>
        <translation>阳性，待医师审核（%1）</translation>
    </message>
    <message>
        <source>%1 — last screen %2</source>
        <translation>%1 — 末次尿检 %2</translation>
    </message>
    <message>
        <source>%1 — never screened</source>
        <translation>%1 — 从未尿检</translation>
    </message>
    <message>
        <source>%1 — collected %2 — positive: %3</source>
        <translation>%1 — 采样 %2 — 阳性：%3</translation>
    </message>
    <message>
        <source>Choose a patient in the list first.</source>
        <translation>请先在列表中选择患者。</translation>
    </message>
    <message>
        <source>Choose a screen in the list first.</source>
        <translation>请先在列表中选择尿检记录。</translation>
    </message>
    <message>
        <source>Review the screen</source>
        <translation>审核尿检</translation>
    </message>
    <message>
        <source>Your note (optional):</source>
        <translation>审核意见（可不填）：</translation>
    </message>
</context>
<context>
    <name>SendTransferDialog</name>
    <message>
        <source>Send a transfer to another site</source>
        <translation>调拨至其他站点</translation>
    </message>
    <message>
        <source>From the safe</source>
        <translation>发出药库</translation>
    </message>
    <message>
        <source>To the safe</source>
        <translation>调入药库</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>There is no safe at another site.</source>
        <translation>其他站点没有药库。</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <source>Set aside for destruction</source>
        <translation>隔离待销毁</translation>
    </message>
    <message>
        <source>The stock goes to the site&apos;s quarantine shelf and an application for its destruction is recorded; it is destroyed later, under supervision.</source>
        <translation>药品转入本站点待销毁隔离区并登记销毁申请；日后在监督下销毁。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>所在库位</translation>
    </message>
    <message>
        <source>expired, damaged…</source>
        <translation>过期、破损…</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Set aside and apply</source>
        <translation>隔离并申请销毁</translation>
    </message>
    <message>
        <source>expired on %1</source>
        <translation>已于 %1 过期</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Consents about to expire…</source>
        <translation>即将失效的同意书…</translation>
    </message>
    <message>
        <source>Each change is saved on its own and recorded in the audit trail.</source>
        <translation>每项更改单独保存，并记入审计日志。</translation>
    </message>
    <message>
        <source>Clinic rules</source>
        <translation>诊所规则</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Daily fee</source>
        <translation>每日服药费</translation>
    </message>
    <message>
        <source>Dosing hours</source>
        <translation>服药时间</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Add site…</source>
        <translation>添加站点…</translation>
    </message>
    <message>
        <source>Edit site…</source>
        <translation>编辑站点…</translation>
    </message>
    <message>
        <source>Daily fee…</source>
        <translation>每日服药费…</translation>
    </message>
    <message>
        <source>Dosing hours…</source>
        <translation>服药时间…</translation>
    </message>
    <message>
        <source>Patient records that share an ID number</source>
        <translation>身份证号码相同的患者档案</translation>
    </message>
    <message>
        <source>Each line is one ID number held by more than one record (typed differently, e.g. in full-width digits, before this version). The program never merges records: have a physician open each one, check the photo, and end the record made in error with the reason.</source>
        <translation>每行是一个被多份档案使用的身份证号码（在本版本之前以不同方式输入，例如全角数字）。程序不会合并档案：请医师逐份打开、核对照片，并注明原因结束误建的档案。</translation>
    </message>
    <message>
        <source>%1 (%2, registered %3)</source>
        <translation>%1（%2，登记于 %3）</translation>
    </message>
    <message>
        <source>None: every ID number belongs to one record.</source>
        <translation>无：每个身份证号码只属于一份档案。</translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Choose a site in the table first.</source>
        <translation>请先在表中选择一个站点。</translation>
    </message>
    <message>
        <source>Saved: daily fee at %1.</source>
        <translation>已保存：%1 的每日服药费。</translation>
    </message>
    <message>
        <source>Saved: dosing hours at %1.</source>
        <translation>已保存：%1 服药时间。</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off a variance</source>
        <translation>差异签字确认</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>差异说明</translation>
    </message>
    <message>
        <source>Nothing was signed: the day stays open.</source>
        <translation>未签名：今日未日结。</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Add a site</source>
        <translation>添加站点</translation>
    </message>
    <message>
        <source>Edit site</source>
        <translation>编辑站点</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>SiteFeeDialog</name>
    <message>
        <source>Daily fee at %1</source>
        <translation>%1 的每日服药费</translation>
    </message>
    <message>
        <source>No fee recorded: patients at this site are charged nothing.</source>
        <translation>尚未设置收费：该站点患者不收费。</translation>
    </message>
    <message>
        <source>yuan a day, e.g. 10</source>
        <translation>元/日，例如 10</translation>
    </message>
    <message>
        <source>e.g. price bureau notice 2026-12</source>
        <translation>例如 物价局 2026-12 通知</translation>
    </message>
    <message>
        <source>Charged once for each day a patient is dosed here, unless the day is billed to a payer scheme. Days already charged keep their fee.</source>
        <translation>患者在此服药的每一天收费一次，由医保结算的日子除外。已收费的日子保持原收费。</translation>
    </message>
    <message>
        <source>Recorded fees</source>
        <translation>收费记录</translation>
    </message>
    <message>
        <source>Daily fee (¥)</source>
        <translation>每日服药费（元）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <source>Release de-identified statistics</source>
        <translation>发布去标识化统计数据</translation>
    </message>
    <message>
        <source>Monthly counts by site, with small counts withheld (marked *) so that no patient can be singled out. The release is recorded with its recipient and purpose.</source>
        <translation>按站点统计的月度人数；小于阈值的数不予公布（标记为 *），使任何患者都无法被识别。每次发布都会记录接收方和用途。</translation>
    </message>
    <message>
        <source>e.g. the district CDC</source>
        <translation>例如：区疾控中心</translation>
    </message>
    <message>
        <source>e.g. monthly service planning</source>
        <translation>例如：月度工作统计</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Save the statistics</source>
        <translation>保存统计数据</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change the status of %1</source>
        <translation>变更 %1 的状态</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Required: why treatment ends (the exit reason is kept).</source>
        <translation>必填：结束治疗的原因（将保留出组原因）。</translation>
    </message>
    <message>
        <source>Optional.</source>
        <translation>选填。</translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>lot %1, expires %2, %3 here</source>
        <translation>批号 %1，有效期至 %2，本处 %3</translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation>已过期</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Stock</source>
        <translation>药品库存</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Receive a delivery…</source>
        <translation>入库验收…</translation>
    </message>
    <message>
        <source>Issue to a window…</source>
        <translation>发放至窗口…</translation>
    </message>
    <message>
        <source>Return to the safe…</source>
        <translation>退回药库…</translation>
    </message>
    <message>
        <source>Send a transfer…</source>
        <translation>调拨发出…</translation>
    </message>
    <message>
        <source>Receive a transfer…</source>
        <translation>调拨接收…</translation>
    </message>
    <message>
        <source>Waste…</source>
        <translation>损耗…</translation>
    </message>
    <message>
        <source>Set aside for destruction…</source>
        <translation>隔离待销毁…</translation>
    </message>
    <message>
        <source>Destruction…</source>
        <translation>销毁…</translation>
    </message>
    <message>
        <source>Loss or theft…</source>
        <translation>丢失或被盗…</translation>
    </message>
    <message>
        <source>Add a place…</source>
        <translation>添加库位…</translation>
    </message>
    <message>
        <source>Totals by product</source>
        <translation>按药品合计</translation>
    </message>
    <message>
        <source>Red: expired, never issued or dispensed. Yellow: expires within the warning period.</source>
        <translation>红色：已过期，不得发放或发药。黄色：在预警期内到期。</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>%n transfer in transit</source>
        <translation>%n 笔调拨在途</translation>
    </message>
    <message>
        <source>%n transfers in transit</source>
        <translation>%n 笔调拨在途</translation>
    </message>
    <message>
        <source>%n lot awaiting destruction</source>
        <translation>%n 个批号待销毁</translation>
    </message>
    <message>
        <source>%n lots awaiting destruction</source>
        <translation>%n 个批号待销毁</translation>
    </message>
    <message>
        <source>Awaiting destruction</source>
        <translation>待销毁</translation>
    </message>
    <message>
        <source>Expired: set aside for destruction</source>
        <translation>已过期：请隔离待销毁</translation>
    </message>
    <message>
        <source>Expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Recorded: voucher %1.</source>
        <translation>已登记：凭证号 %1。</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
    <message>
        <source>Place %1 added.</source>
        <translation>已添加库位 %1。</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>事件报告</translation>
    </message>
    <message>
        <source>The %1 is recorded (voucher %2). Print or save the incident report for the police, the drug regulator and the health authority now?</source>
        <translation>已登记%1（凭证号 %2）。现在打印或保存报送公安机关、药品监督管理部门和卫生健康行政部门的事件报告吗？</translation>
    </message>
    <message>
        <source>theft</source>
        <translation>被盗</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Save the incident report</source>
        <translation>保存事件报告</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The incident report was saved to %1.</source>
        <translation>事件报告已保存至 %1。</translation>
    </message>
    <message>
        <source>Making the incident report…</source>
        <translation>正在生成事件报告…</translation>
    </message>
</context>
<context>
    <name>TakeHomeDialog</name>
    <message>
        <source>Take-home doses</source>
        <translation>带药</translation>
    </message>
    <message>
        <source>Doses for the days after today, one bottle per dose, each with its label. Empty bottles come back at the next visit.</source>
        <translation>今天之后各天的剂量，每次一瓶，每瓶贴标签。空瓶在下次就诊时交回。</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>at most %1 by the order</source>
        <translation>按医嘱最多 %1 天</translation>
    </message>
    <message>
        <source>Dispense</source>
        <translation>发药</translation>
    </message>
</context>
<context>
    <name>TermsDialog</name>
    <message>
        <source>New terms for a payer scheme</source>
        <translation>设定险种的新报销政策</translation>
    </message>
    <message>
        <source>empty: no cap</source>
        <translation>留空表示不封顶</translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation>支付方</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Reimbursement ratio (0–1)</source>
        <translation>报销比例（0–1）</translation>
    </message>
    <message>
        <source>Deductible per year (yuan)</source>
        <translation>年度起付线（元）</translation>
    </message>
    <message>
        <source>Annual cap (yuan)</source>
        <translation>年度封顶线（元）</translation>
    </message>
    <message>
        <source>Subsidy share of the patient&apos;s part (0–1)</source>
        <translation>个人自付部分的补助比例（0–1）</translation>
    </message>
    <message>
        <source>Covered items</source>
        <translation>报销项目</translation>
    </message>
    <message>
        <source>Insurance type code (insutype)</source>
        <translation>险种类型代码（insutype）</translation>
    </message>
    <message>
        <source>Medical type code (med_type)</source>
        <translation>医疗类别代码（med_type）</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer summary</source>
        <translation>转诊摘要</translation>
    </message>
    <message>
        <source>Patient %1. The summary goes only to a clinic the patient&apos;s consent to transfer names, and it is recorded in the disclosure history. Give the passphrase to the receiving clinic separately, by telephone, never with the file.</source>
        <translation>患者 %1。转诊摘要只能提供给患者转诊同意书中指定的门诊，并记入信息披露记录。请另行（如电话）将口令告知接收门诊，切勿与文件一起发送。</translation>
    </message>
    <message>
        <source>e.g. takes the dose late in the morning</source>
        <translation>例如 习惯上午晚些时候服药</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Receiving clinic</source>
        <translation>接收门诊</translation>
    </message>
    <message>
        <source>Notes to include</source>
        <translation>附带的备注</translation>
    </message>
    <message>
        <source>Note to the receiving clinic</source>
        <translation>致接收门诊的说明</translation>
    </message>
    <message>
        <source>Passphrase (12 or more characters)</source>
        <translation>口令（至少 12 个字符）</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Save in folder</source>
        <translation>保存到文件夹</translation>
    </message>
    <message>
        <source>Make the summary</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <source>Save the summary in</source>
        <translation>摘要保存位置</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Users are never deleted: disable an account to stop it signing in.</source>
        <translation>用户永不删除：停用账户即可禁止其登录。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Set roles…</source>
        <translation>设置角色…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked out</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>must change</source>
        <translation>须修改</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>停用 %1</translation>
    </message>
    <message>
        <source>Why is this account disabled? (kept in the audit trail)</source>
        <translation>停用该账户的原因？（将记入审计日志）</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>启用 %1</translation>
    </message>
    <message>
        <source>Allow %1 to sign in again?</source>
        <translation>允许 %1 重新登录？</translation>
    </message>
</context>
<context>
    <name>VoidDoseDialog</name>
    <message>
        <source>Void a dose</source>
        <translation>作废服药记录</translation>
    </message>
    <message>
        <source>The dose stays in the log, struck through, with the reason; its stock goes back to the window.</source>
        <translation>该记录仍保留在日志中（划线显示）并注明原因；药量退回窗口库存。</translation>
    </message>
    <message>
        <source>e.g. recorded for the wrong patient</source>
        <translation>例如：记到了别的患者名下</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>服药记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Void the dose</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>VoidGuestReturnDialog</name>
    <message>
        <source>Void the last dose there</source>
        <translation>作废外院末次服药</translation>
    </message>
    <message>
        <source>Last dose at %1 recorded as %2 (confirmation: %3) by %4. Voiding keeps it on the record, but missed days are no longer counted from it.</source>
        <translation>在 %1 的末次服药记录为 %2（确认凭据：%3），由 %4 记录。作废后该记录仍保留，但不再据此计算漏服天数。</translation>
    </message>
    <message>
        <source>e.g. the other clinic corrected its date</source>
        <translation>如外院更正了日期</translation>
    </message>
    <message>
        <source>Record the right last dose there</source>
        <translation>记录正确的外院末次服药</translation>
    </message>
    <message>
        <source>e.g. letter number, or whom you spoke to</source>
        <translation>如函件编号或联系人</translation>
    </message>
    <message>
        <source>e.g. corrected by letter</source>
        <translation>如以更正函确认</translation>
    </message>
    <message>
        <source>Reason for voiding</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Right last dose there</source>
        <translation>正确的外院末次服药</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>确认凭据</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>VoidReceiptDialog</name>
    <message>
        <source>Void a receipt</source>
        <translation>作废收据</translation>
    </message>
    <message>
        <source>Receipt %1 for %2 stays on the statement, struck through, with the reason.</source>
        <translation>收据 %1（%2）仍保留在账单上，划线显示并注明原因。</translation>
    </message>
    <message>
        <source>e.g. wrong amount typed</source>
        <translation>例如 金额输错</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Void the receipt</source>
        <translation>作废收据</translation>
    </message>
</context>
<context>
    <name>WaiveDialog</name>
    <message>
        <source>Waive a fee</source>
        <translation>减免费用</translation>
    </message>
    <message>
        <source>Patient %1. %2. Only what is owed can be waived.</source>
        <translation>患者 %1。%2。减免不能超过欠费。</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>e.g. hardship, approved by the director</source>
        <translation>例如 经济困难，经主任批准</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Waive</source>
        <translation>减免</translation>
    </message>
</context>
<context>
    <name>WasteDialog</name>
    <message>
        <source>Record waste</source>
        <translation>登记损耗</translation>
    </message>
    <message>
        <source>At the window</source>
        <translation>所在窗口</translation>
    </message>
    <message>
        <source>spill, part-dose not taken…</source>
        <translation>洒漏、未服完…</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>情况说明</translation>
    </message>
</context>
<context>
    <name>WindowTab</name>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Card, number or name</source>
        <translation>卡号、编号或姓名</translation>
    </message>
    <message>
        <source>Scan the card, or type the patient number or a name, then Enter</source>
        <translation>刷卡，或输入患者编号或姓名，然后按回车</translation>
    </message>
    <message>
        <source>Confirm dose (Enter)</source>
        <translation>确认服药（回车）</translation>
    </message>
    <message>
        <source>Intoxication check failed…</source>
        <translation>醉酒/中毒检查未通过…</translation>
    </message>
    <message>
        <source>Take-home…</source>
        <translation>带药…</translation>
    </message>
    <message>
        <source>Bottle returns…</source>
        <translation>空瓶归还…</translation>
    </message>
    <message>
        <source>Urine screen…</source>
        <translation>尿检…</translation>
    </message>
    <message>
        <source>Payment…</source>
        <translation>收费…</translation>
    </message>
    <message>
        <source>Exception…</source>
        <translation>例外给药…</translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation>标记…</translation>
    </message>
    <message>
        <source>Today at this window</source>
        <translation>本窗口今日记录</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Waste / spill…</source>
        <translation>损耗/洒漏…</translation>
    </message>
    <message>
        <source>Daily log PDF…</source>
        <translation>发药日志 PDF…</translation>
    </message>
    <message>
        <source>Print daily log…</source>
        <translation>打印当日发药记录…</translation>
    </message>
    <message>
        <source>Print the queue…</source>
        <translation>打印服药登记表…</translation>
    </message>
    <message>
        <source>Today&apos;s patients with the checks as of now and blank columns for the time and signature: print it each morning, to dose by hand if the workstation fails.</source>
        <translation>今日患者及当前核查结果，留有给药时间和签名栏：每天早上打印，工作站故障时据此手工给药。</translation>
    </message>
    <message>
        <source>There is no dosing window at this site: ask the pharmacist.</source>
        <translation>本站点没有发药窗口：请联系药师。</translation>
    </message>
    <message>
        <source>Scan the patient&apos;s card, or type the number and press Enter.</source>
        <translation>请扫描患者就诊卡，或输入编号后按回车。</translation>
    </message>
    <message>
        <source>Choose the dosing window first.</source>
        <translation>请先选择发药窗口。</translation>
    </message>
    <message>
        <source>No patient matches “%1”.</source>
        <translation>没有与“%1”匹配的患者。</translation>
    </message>
    <message>
        <source>Recorded already: this panel does not dose again. For the next patient, or the next dose of a split order, scan the card.</source>
        <translation>已登记：本面板不会再次给药。下一位患者或分次服药的下一次，请重新刷卡。</translation>
    </message>
    <message>
        <source>Check the photo and the dose first: Enter counts once the panel has been shown for %1 s.</source>
        <translation>请先核对照片和剂量：面板显示满 %1 秒后回车才有效。</translation>
    </message>
    <message>
        <source>The panel had been open for a while: check it again, then press Enter.</source>
        <translation>该患者信息已显示较久：请重新核对后再按回车。</translation>
    </message>
    <message>
        <source>This dose was just recorded. For the next dose of a split order, scan the card again.</source>
        <translation>本次剂量刚已登记。分次服药的下一次，请重新扫卡。</translation>
    </message>
    <message>
        <source>✔ Dose recorded at %1: %2 mg (%3), dose %4.</source>
        <translation>✔ 已于 %1 登记服药：%2 mg（%3），第 %4 次。</translation>
    </message>
    <message>
        <source>Dose withheld and recorded: no dose today.</source>
        <translation>已暂停给药并登记：本次不服药。</translation>
    </message>
    <message>
        <source>Bottle labels</source>
        <translation>带药瓶签</translation>
    </message>
    <message>
        <source>Save the bottle labels</source>
        <translation>保存瓶签</translation>
    </message>
    <message>
        <source>Bottle labels saved to %1.</source>
        <translation>瓶签已保存到 %1。</translation>
    </message>
    <message>
        <source>Choose a dose of today in the list first (not a voided one).</source>
        <translation>请先在列表中选择今日的一条服药记录（不能是已作废的）。</translation>
    </message>
    <message>
        <source>The dose was voided; it stays in the log, struck through.</source>
        <translation>该记录已作废，仍以划线形式保留在日志中。</translation>
    </message>
    <message>
        <source>The waste was recorded with its witness.</source>
        <translation>损耗已登记，含见证人。</translation>
    </message>
    <message>
        <source>doses at %1 today</source>
        <translation>今日在 %1 服药</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>在 %1</translation>
    </message>
    <message>
        <source>guest</source>
        <translation>外点服药</translation>
    </message>
    <message>
        <source>To attend (%1)</source>
        <translation>待服药（%1）</translation>
    </message>
    <message>
        <source>Attended (%1)</source>
        <translation>已服药（%1）</translation>
    </message>
    <message>
        <source>Doses given %1, voided %2.</source>
        <translation>已发药 %1 次，作废 %2 次。</translation>
    </message>
    <message>
        <source>Exceptions: %1.</source>
        <translation>例外给药 %1 次。</translation>
    </message>
    <message>
        <source>Totals match the ledger.</source>
        <translation>合计与账册相符。</translation>
    </message>
    <message>
        <source>Totals DO NOT match the ledger.</source>
        <translation>合计与账册不符！</translation>
    </message>
    <message>
        <source>Dosing sheet %1</source>
        <translation>服药登记表 %1</translation>
    </message>
    <message>
        <source>Daily log %1</source>
        <translation>发药记录 %1</translation>
    </message>
    <message>
        <source>Save the daily log</source>
        <translation>保存发药日志</translation>
    </message>
    <message>
        <source>The daily log was saved to %1.</source>
        <translation>发药日志已保存到 %1。</translation>
    </message>
    <message>
        <source>Making the daily log…</source>
        <translation>正在生成发药日志…</translation>
    </message>
</context>
<context>
    <name>WithholdDialog</name>
    <message>
        <source>Withhold the dose</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>No dose is given; the record says why. A physician can see it.</source>
        <translation>本次不给药，并记录原因，医师可查看。</translation>
    </message>
    <message>
        <source>Intoxication check failed</source>
        <translation>醉酒/中毒检查未通过</translation>
    </message>
    <message>
        <source>The patient refused the dose</source>
        <translation>患者拒绝服药</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>what you saw (optional)</source>
        <translation>观察到的情况（可不填）</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Withhold</source>
        <translation>暂停给药</translation>
    </message>
</context>
<context>
    <name>WitnessSignIn</name>
    <message>
        <source>Second person (witness) signs</source>
        <translation>第二人（见证人）签字</translation>
    </message>
    <message>
        <source>their user name</source>
        <translation>见证人用户名</translation>
    </message>
    <message>
        <source>their password</source>
        <translation>见证人密码</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>_LotAtPlaceDialog</name>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Nothing is held here.</source>
        <translation>此处没有库存。</translation>
    </message>
</context>
</TS>
