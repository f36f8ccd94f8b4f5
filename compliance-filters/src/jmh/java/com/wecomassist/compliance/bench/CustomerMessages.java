package com.wecomassist.compliance.bench;

import java.util.List;

/**
 * Customer messages written for the masking benchmark, as they arrive in WeCom: short questions
 * without personal data (most traffic), typical messages with a name, an address and numbers, and
 * long ones (a complaint, a form pasted in). All names, addresses and numbers are made up.
 */
final class CustomerMessages {

    private CustomerMessages() {
    }

    static final List<String> SHORT = List.of(
            "信用卡还款日能改吗",
            "手机银行登录不上去了，提示密码错误",
            "大额存单现在利率多少？",
            "招商银行的卡转账到你们行要手续费吗",
            "我想咨询一下房贷提前还款",
            "卡被吞了怎么办");

    static final List<String> TYPICAL = List.of(
            "您好，我叫王晓东，信用卡被冻结了，手机13812345678，麻烦帮我看一下。",
            "新卡请寄到浙江省杭州市西湖区文三路88号华星大厦1203室，收件人刘佳琪，电话15968001234。",
            "我老公赵建国的卡丢了，身份证11010519491231002X，想先挂失，明天去网点补办。",
            "地址变更：广州市天河区体育西路191号中石化大厦B座2501，原来的地址不用了，谢谢。",
            "户名:陈静,证件:440304199003071235,电话:13923456789,想查一下上个月的账单",
            "我是来办贷款的周子涵，住在成都市武侯区人民南路四段27号，月收入一万二左右。");

    static final List<String> LONG = List.of(
            "我要投诉！上周三下午我在你们朝阳区的支行办理业务，本人王建华，身份证号110105198806152317，"
                    + "卡号6222021234567890128，柜员说系统故障让我第二天再来，结果第二天又说要预约。我住在北京市朝阳区"
                    + "建国路88号院3号楼2单元1201，离网点挺远的，来回两个小时。我的手机13801234567，邮箱wangjh@163.com，"
                    + "希望你们尽快给我一个答复，否则我会向银保监会投诉。另外我有高血压，排队太久身体吃不消。",
            "姓名：李秀英\n身份证：430104197709063221\n手机：139 0731 2456\n邮箱：lixiuying@qq.com\n"
                    + "住址：湖南省长沙市岳麓区麓山南路932号中南大学新校区12栋3单元502室\n单位：长沙市第一中学\n"
                    + "年收入：约十五万元\n健康状况：良好\n申请事项：申请一张白金信用卡，额度希望在五万元以上，"
                    + "账单寄送到上述住址，如有问题请联系我本人或我爱人张国强（手机15874123698）。");

    static final List<String> ALL;

    static {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        // weighted roughly like traffic: mostly short questions
        for (int i = 0; i < 3; i++) all.addAll(SHORT);
        all.addAll(TYPICAL);
        all.addAll(LONG);
        ALL = List.copyOf(all);
    }
}
