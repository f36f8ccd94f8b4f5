package com.wecomassist.kpi;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A report as CSV for the operations team's spreadsheets: UTF-8 with a byte-order mark (Excel opens
 * Chinese text right only with one), one header line in Chinese, rates as decimals (0.5 = 50 %), empty
 * where a rate has no denominator, and a last line with the total.
 */
final class KpiCsv {

    static final List<String> HEADER = List.of("支行", "团队", "员工", "姓名", "员工数",
            "管户客户数", "已添加管户客户数", "企微覆盖率", "好友数", "新增好友", "员工删除", "客户删除",
            "30天新增", "30天内流失", "30天流失率", "90天新增", "90天内流失", "90天流失率",
            "单聊数", "发送消息数", "回复率(%)", "平均首次回复(分钟)", "负反馈(删除/拉黑)", "发起申请数", "新增客户数(企业微信)",
            "缺少企业微信统计的天数",
            "群发任务", "已执行", "过期未执行", "客户已非好友", "未完成", "群发执行率");

    private KpiCsv() {
    }

    static byte[] write(KpiReport.Report report) {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            csv.printRecord(HEADER);
            for (KpiReport.Row row : report.rows()) {
                csv.printRecord(line(row.branch(), row.team(), row.employee(), row.name(), row.figures()));
            }
            csv.printRecord(line("合计 " + report.from() + "~" + report.to(), null, null, null, report.total()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Object> line(String branch, String team, String employee, String name, KpiReport.Figures f) {
        List<Object> cells = new ArrayList<>();
        cells.add(text(branch));
        cells.add(text(team));
        cells.add(text(employee));
        cells.add(text(name));
        cells.add(f.employees());
        cells.add(f.managed());
        cells.add(f.covered());
        cells.add(f.coverage());
        cells.add(f.friends());
        cells.add(f.added());
        cells.add(f.removedByEmployee());
        cells.add(f.removedByCustomer());
        cells.add(f.added30());
        cells.add(f.churned30());
        cells.add(f.churn30());
        cells.add(f.added90());
        cells.add(f.churned90());
        cells.add(f.churn90());
        cells.add(f.chats());
        cells.add(f.messages());
        cells.add(f.replyPercentage());
        cells.add(f.avgReplyMinutes());
        cells.add(f.negativeFeedback());
        cells.add(f.newApply());
        cells.add(f.newContact());
        cells.add(f.daysWithoutBehaviour());
        cells.add(f.tasks());
        cells.add(f.tasksConfirmed());
        cells.add(f.tasksExpired());
        cells.add(f.tasksNotFriend());
        cells.add(f.tasksOpen());
        cells.add(f.executionRate());
        return cells;
    }

    /** A text a spreadsheet would take for a formula (=, +, -, @) is written as text: names come from files. */
    static String text(String value) {
        return value != null && !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
