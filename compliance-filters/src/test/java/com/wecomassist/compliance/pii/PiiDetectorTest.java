package com.wecomassist.compliance.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiDetectorTest {

    // Synthetic numbers, made valid by computing their check digits.
    static final String ID = ResidentIdNumber.withCheckCharacter("11010519491231002");   // ...002X
    static final String ID2 = ResidentIdNumber.withCheckCharacter("44030419900307123");
    static final String CARD = BankCardNumber.withLuhnDigit("622202123456789012");       // 19 digits
    static final String CARD16 = BankCardNumber.withLuhnDigit("436742123456789");

    private final PiiDetector detector = PiiDetector.standard();

    private List<PiiKind> kinds(String text) {
        return detector.find(text).stream().map(PiiMatch::kind).toList();
    }

    @Test
    void residentIdNeedsCheckCharacterProvinceAndRealBirthDate() {
        assertThat(ID).endsWith("X");
        assertThat(ResidentIdNumber.isValid(ID)).isTrue();
        assertThat(ResidentIdNumber.isValid(ID.toLowerCase())).isTrue();
        assertThat(ResidentIdNumber.isValid(ID.substring(0, 17) + "1")).as("wrong check character").isFalse();
        assertThat(ResidentIdNumber.isValid(ResidentIdNumber.withCheckCharacter("11010519491331002"))).as("month 13").isFalse();
        assertThat(ResidentIdNumber.isValid(ResidentIdNumber.withCheckCharacter("11010521990101002"))).as("born in 2199").isFalse();
        assertThat(ResidentIdNumber.isValid(ResidentIdNumber.withCheckCharacter("99010519491231002"))).as("no province 99").isFalse();
    }

    @Test
    void findsResidentIdInText() {
        List<PiiMatch> found = detector.find("身份证号" + ID + "，请核对");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).kind()).isEqualTo(PiiKind.RESIDENT_ID);
        assertThat(found.get(0).start()).isEqualTo(4);
        assertThat(found.get(0).value()).isEqualTo(ID);
        assertThat(kinds("证件 " + ID2.substring(0, 6) + " " + ID2.substring(6, 14) + " " + ID2.substring(14))).containsExactly(PiiKind.RESIDENT_ID);
    }

    @Test
    void eighteenDigitNumberWithWrongCheckIsNotAValidId() {
        String bad = ID2.substring(0, 17) + (ID2.charAt(17) == '1' ? "2" : "1");
        assertThat(kinds("订单号" + bad)).doesNotContain(PiiKind.RESIDENT_ID);
    }

    @Test
    void mistypedIdWithRealRegionAndBirthDateIsStillPersonalData() {
        // a customer's typo: 17 characters of the number are right, so it still identifies them. (One
        // that also passes Luhn and starts like a card is found as a card: masked all the same.)
        String typo = null;
        for (char c = '0'; c <= '9' && typo == null; c++) {
            String t = ID2.substring(0, 17) + c;
            if (!ResidentIdNumber.isValid(t) && !BankCardNumber.isLuhnValid(t)) typo = t;
        }
        assertThat(ResidentIdNumber.isValid(typo)).isFalse();
        assertThat(ResidentIdNumber.isPlausible(typo)).isTrue();
        List<PiiMatch> found = detector.find("身份证" + typo + "，麻烦查一下");
        assertThat(found).extracting(PiiMatch::kind).containsExactly(PiiKind.RESIDENT_ID_LIKE);
        assertThat(found.get(0).value()).isEqualTo(typo);
        String xTypo = ID.substring(0, 16) + (ID.charAt(16) == '9' ? '1' : '9') + "X";
        assertThat(kinds("证件" + xTypo)).as("wrong digit before an X").containsExactly(PiiKind.RESIDENT_ID_LIKE);
        String grouped = typo.substring(0, 6) + " " + typo.substring(6, 14) + " " + typo.substring(14);
        assertThat(kinds(grouped)).containsExactly(PiiKind.RESIDENT_ID_LIKE);
    }

    @Test
    void eighteenDigitNumbersWithoutRegionOrBirthDateAreNotIdLike() {
        assertThat(kinds("订单号202612061234567890")).as("20 is no province").isEmpty();
        assertThat(kinds("流水号110105199013011234")).as("born in month 13").isEmpty();
        assertThat(kinds("编号110000199001011234")).as("a province code alone is no place of registration").isEmpty();
        assertThat(kinds("单号440304189912311234")).as("born before 1900").isEmpty();
    }

    @Test
    void cardNumbersNeedLuhnAndMayBeGrouped() {
        assertThat(BankCardNumber.isLuhnValid(CARD)).isTrue();
        assertThat(kinds("卡号" + CARD)).containsExactly(PiiKind.BANK_CARD);
        String grouped = CARD.substring(0, 4) + " " + CARD.substring(4, 8) + " " + CARD.substring(8, 12) + " " + CARD.substring(12, 16) + " " + CARD.substring(16);
        List<PiiMatch> found = detector.find("我的卡 " + grouped + " 被盗刷");
        assertThat(found).extracting(PiiMatch::kind).containsExactly(PiiKind.BANK_CARD);
        assertThat(found.get(0).value()).isEqualTo(grouped);
        assertThat(found.get(0).key()).isEqualTo(CARD);
        String dashed = CARD16.substring(0, 4) + "-" + CARD16.substring(4, 8) + "-" + CARD16.substring(8, 12) + "-" + CARD16.substring(12);
        assertThat(kinds(dashed)).containsExactly(PiiKind.BANK_CARD);
        String broken = CARD.substring(0, 18) + (CARD.charAt(18) == '0' ? "1" : "0");
        assertThat(kinds("卡号" + broken)).isEmpty();
    }

    @Test
    void fullWidthDigitsAreRead() {
        StringBuilder fw = new StringBuilder();
        for (char c : "13812345678".toCharArray()) fw.append((char) (c - '0' + '０'));
        assertThat(kinds("电话" + fw)).containsExactly(PiiKind.MOBILE);
    }

    @Test
    void mobileNumbersInChineseShapesOnly() {
        assertThat(kinds("手机13812345678")).containsExactly(PiiKind.MOBILE);
        assertThat(kinds("手机 138 1234 5678")).containsExactly(PiiKind.MOBILE);
        assertThat(kinds("手机138-1234-5678")).containsExactly(PiiKind.MOBILE);
        assertThat(kinds("+86 13812345678")).containsExactly(PiiKind.MOBILE);
        assertThat(kinds("美国免费电话1-877-470-6287")).as("North-American number").isEmpty();
        assertThat(kinds("客服热线95516")).isEmpty();
        assertThat(kinds("电话12812345678")).as("no 12x mobile prefix").isEmpty();
        assertThat(kinds("400-810-8866")).isEmpty();
    }

    @Test
    void numbersInsideCodesAreNotPersonalData() {
        assertThat(kinds("错误码RC13812345678")).isEmpty();
        assertThat(kinds("编号13812345678AB")).isEmpty();
    }

    @Test
    void twoNumbersSeparatedBySpaceAreBothFound() {
        assertThat(kinds("13812345678 " + CARD)).containsExactly(PiiKind.MOBILE, PiiKind.BANK_CARD);
    }

    @Test
    void emailAddresses() {
        List<PiiMatch> found = detector.find("请发到 Zhang.San+bank@Example.com.cn 谢谢");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).kind()).isEqualTo(PiiKind.EMAIL);
        assertThat(found.get(0).value()).isEqualTo("Zhang.San+bank@Example.com.cn");
        assertThat(kinds("13812345678@qq.com")).containsExactly(PiiKind.EMAIL);
        assertThat(kinds("我在@张三 群里")).isEmpty();
        assertThat(kinds("a@b")).isEmpty();
    }

    @Test
    void binTableConfirmsIssuerAndRejectsUnknownPrefixes(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bin.csv");
        Files.writeString(csv, "bin,bank,type,length\n436742,CCB,DC,16\n");
        PiiDetector withBins = PiiDetector.withBinTable(BinTable.read(csv));
        List<PiiMatch> found = withBins.find("卡号" + CARD16);
        assertThat(found).extracting(PiiMatch::kind).containsExactly(PiiKind.BANK_CARD);
        assertThat(found.get(0).detail()).isEqualTo("CCB DC");
        String unknown = BankCardNumber.withLuhnDigit("512345678901234");
        assertThat(PiiDetector.standard().find(unknown)).hasSize(1);
        assertThat(withBins.find(unknown)).as("unknown BIN, not UnionPay 62").isEmpty();
        assertThat(withBins.find("卡号" + CARD)).as("62 UnionPay range accepted").hasSize(1);
    }

    @Test
    void malformedBinTableNamesTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bin.csv");
        Files.writeString(csv, "bin,bank,type,length\n436742,CCB,DC,16\nnot,a,row\n");
        assertThatThrownBy(() -> BinTable.read(csv)).hasMessageContaining(":3:");
    }
}
