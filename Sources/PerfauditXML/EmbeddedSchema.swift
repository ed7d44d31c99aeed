/// The text of `Schemas/record.xsd`, byte for byte (`SchemaFileTests` keeps them identical).
/// After editing the XSD, paste it between the delimiters below (the blank line before the
/// closing delimiter stands for the file's final newline).
enum EmbeddedSchema {
    static let text = #"""
<?xml version="1.0" encoding="UTF-8"?>
<!--
  XML Schema of the perfaudit evaluation record, version 1 (docs/record-format.md).

  Numbers are plain decimals checked by pattern on xs:string, so that exactly the
  lexical forms the tool accepts are valid: no exponent, no '+', no thousands
  separator, no surrounding white space; every figure lies strictly within
  +-10^14 (at most 14 digits before the point, or 15 with a leading zero).
  perfaudit's decoder is the authority for the format and accepts exactly the
  files this schema accepts (a test runs both over the same files), with one
  exception XSD 1.0 cannot state: amounts in 万元 must also lie within +-10^14
  once converted to 元 (the decoder refuses them; docs/record-format.md).
  Relations between figures (onTime <= total) are issues, not format errors.

  Deliberate deviation from the contract: project/@budget is optional, because a
  report may name a project without stating its budget.

  perfaudit embeds this exact text (Sources/PerfauditXML/EmbeddedSchema.swift);
  a test keeps the two identical.
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:r="urn:perfaudit:record:1"
           targetNamespace="urn:perfaudit:record:1"
           elementFormDefault="qualified"
           attributeFormDefault="unqualified">

  <!-- Scalar types -->

  <xs:simpleType name="amount">
    <xs:annotation><xs:documentation>Money: plain decimal, at most 2 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-?(0[0-9]{14}|[0-9]{1,14})(\.[0-9]{1,2})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="percent">
    <xs:annotation><xs:documentation>A percentage (-21.33 means -21.33 %), at most 4 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-?(0[0-9]{14}|[0-9]{1,14})(\.[0-9]{1,4})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="percent100">
    <xs:annotation><xs:documentation>A percentage within 0 to 100, at most 4 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-0{1,15}(\.0{1,4})?|0{0,12}100(\.0{1,4})?|0{0,13}[0-9]{1,2}(\.[0-9]{1,4})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="score">
    <xs:annotation><xs:documentation>A score, at most 2 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-?(0[0-9]{14}|[0-9]{1,14})(\.[0-9]{1,2})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="totalScore">
    <xs:annotation><xs:documentation>A total score within 0 to 100, at most 2 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-0{1,15}(\.0{1,2})?|0{0,12}100(\.0{1,2})?|0{0,13}[0-9]{1,2}(\.[0-9]{1,2})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="targetValue">
    <xs:annotation><xs:documentation>A target's planned or actual value, at most 4 fractional digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="-?(0[0-9]{14}|[0-9]{1,14})(\.[0-9]{1,4})?"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="count">
    <xs:annotation><xs:documentation>A whole number of things, 0 to 1000000000, in at most 10 digits.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9]{1,9}|0[0-9]{9}|1000000000"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="date">
    <xs:annotation><xs:documentation>A calendar date YYYY-MM-DD (Gregorian: month lengths, leap years).</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|([0-9]{2}([02468][48]|[13579][26]|[2468]0)|([02468][048]|[13579][26])00)-02-29"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="boolean">
    <xs:restriction base="xs:string">
      <xs:enumeration value="true"/>
      <xs:enumeration value="false"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="grade">
    <xs:restriction base="xs:string">
      <xs:enumeration value="优"/>
      <xs:enumeration value="良"/>
      <xs:enumeration value="中"/>
      <xs:enumeration value="差"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="amountUnit">
    <xs:restriction base="xs:string">
      <xs:enumeration value="元"/>
      <xs:enumeration value="万元"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="text64">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
      <xs:maxLength value="64"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="text32">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
      <xs:maxLength value="32"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="text256">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
      <xs:maxLength value="256"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="findingText">
    <xs:annotation><xs:documentation>A finding's text: something other than white space.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="\s*\S(.|\s)*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="text4096">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
      <xs:maxLength value="4096"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="mofDivCode">
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9]{6}"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="fiscalYear">
    <xs:restriction base="xs:integer">
      <xs:pattern value="[0-9]{4}"/>
      <xs:minInclusive value="2000"/>
      <xs:maxInclusive value="2100"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="adjustmentKind">
    <xs:restriction base="xs:string">
      <xs:enumeration value="bonus"/>
      <xs:enumeration value="penalty"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="sourceKind">
    <xs:restriction base="xs:string">
      <xs:enumeration value="generalPublic"/>
      <xs:enumeration value="governmentFund"/>
      <xs:enumeration value="stateCapital"/>
      <xs:enumeration value="socialInsurance"/>
      <xs:enumeration value="carryOver"/>
      <xs:enumeration value="other"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="budgetApprovalStatus">
    <xs:restriction base="xs:string">
      <xs:enumeration value="onTime"/>
      <xs:enumeration value="late"/>
      <xs:enumeration value="none"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="projectKind">
    <xs:restriction base="xs:string">
      <xs:enumeration value="recurring"/>
      <xs:enumeration value="oneOff"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="targetCategory">
    <xs:restriction base="xs:string">
      <xs:enumeration value="数量"/>
      <xs:enumeration value="质量"/>
      <xs:enumeration value="时效"/>
      <xs:enumeration value="成本"/>
      <xs:enumeration value="经济效益"/>
      <xs:enumeration value="社会效益"/>
      <xs:enumeration value="生态效益"/>
      <xs:enumeration value="可持续影响"/>
      <xs:enumeration value="满意度"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="targetDirection">
    <xs:restriction base="xs:string">
      <xs:enumeration value="atLeast"/>
      <xs:enumeration value="atMost"/>
      <xs:enumeration value="exactly"/>
    </xs:restriction>
  </xs:simpleType>

  <!-- Record -->

  <xs:element name="evaluationRecord">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="department" type="r:department"/>
        <xs:element name="fiscalYear" type="r:fiscalYear"/>
        <xs:element name="rulebook" type="r:text64"/>
        <xs:element name="selfAssessment" type="r:selfAssessment">
          <xs:unique name="selfIndicatorId">
            <xs:selector xpath="r:indicator"/>
            <xs:field xpath="@id"/>
          </xs:unique>
        </xs:element>
        <xs:element name="verification" type="r:verification" minOccurs="0">
          <xs:unique name="verifiedIndicatorId">
            <xs:selector xpath="r:indicator"/>
            <xs:field xpath="@id"/>
          </xs:unique>
        </xs:element>
        <xs:element name="finance" type="r:finance" minOccurs="0"/>
        <xs:element name="keyTasks" type="r:keyTasks" minOccurs="0"/>
        <xs:element name="petitions" type="r:petitions" minOccurs="0"/>
        <xs:element name="commendations" type="r:countOnly" minOccurs="0"/>
        <xs:element name="accountability" type="r:countOnly" minOccurs="0"/>
        <xs:element name="projects" type="r:projects" minOccurs="0"/>
        <xs:element name="projectSummary" type="r:projectSummary" minOccurs="0"/>
        <xs:element name="findings" type="r:findings" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="schemaVersion" use="required">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="1"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
      <xs:attribute name="amountUnit" type="r:amountUnit" default="元"/>
    </xs:complexType>
  </xs:element>

  <xs:complexType name="department">
    <xs:attribute name="mofDivCode" type="r:mofDivCode" use="required"/>
    <xs:attribute name="agencyCode" type="r:text64" use="required"/>
    <xs:attribute name="name" type="r:text256" use="required"/>
    <xs:attribute name="province" type="r:text64" use="required"/>
    <xs:attribute name="city" type="r:text64" use="required"/>
    <xs:attribute name="county" type="r:text64" use="required"/>
  </xs:complexType>

  <xs:complexType name="selfIndicator">
    <xs:attribute name="id" type="r:text64" use="required"/>
    <xs:attribute name="score" type="r:score" use="required"/>
  </xs:complexType>

  <xs:complexType name="selfAssessment">
    <xs:sequence>
      <xs:element name="indicator" type="r:selfIndicator" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="score" type="r:totalScore" use="required"/>
    <xs:attribute name="grade" type="r:grade" use="required"/>
    <xs:attribute name="submitted" type="r:date"/>
  </xs:complexType>

  <xs:complexType name="verifiedIndicator">
    <xs:attribute name="id" type="r:text64" use="required"/>
    <xs:attribute name="score" type="r:score" use="required"/>
    <xs:attribute name="note" type="r:text4096"/>
  </xs:complexType>

  <xs:complexType name="adjustment">
    <xs:attribute name="kind" type="r:adjustmentKind" use="required"/>
    <xs:attribute name="count" type="r:count" use="required"/>
    <xs:attribute name="note" type="r:text4096"/>
  </xs:complexType>

  <xs:complexType name="verification">
    <xs:sequence>
      <xs:element name="indicator" type="r:verifiedIndicator" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="adjustment" type="r:adjustment" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="evaluator" type="r:text256" use="required"/>
    <xs:attribute name="commissionedBy" type="r:text256"/>
    <xs:attribute name="date" type="r:date"/>
    <xs:attribute name="reportedScore" type="r:totalScore"/>
    <xs:attribute name="reportedGrade" type="r:grade"/>
  </xs:complexType>

  <!-- Finance -->

  <xs:complexType name="budgetFinal">
    <xs:attribute name="budget" type="r:amount"/>
    <xs:attribute name="final" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="incomeSource">
    <xs:attribute name="kind" type="r:sourceKind" use="required"/>
    <xs:attribute name="budget" type="r:amount"/>
    <xs:attribute name="final" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="income">
    <xs:sequence>
      <xs:element name="source" type="r:incomeSource" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="budget" type="r:amount"/>
    <xs:attribute name="final" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="expenditure">
    <xs:attribute name="budget" type="r:amount"/>
    <xs:attribute name="final" type="r:amount"/>
    <xs:attribute name="basic" type="r:amount"/>
    <xs:attribute name="personnel" type="r:amount"/>
    <xs:attribute name="publicUse" type="r:amount"/>
    <xs:attribute name="project" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="balance">
    <xs:attribute name="opening" type="r:amount"/>
    <xs:attribute name="yearEnd" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="treasuryStock">
    <xs:attribute name="previousYearEnd" type="r:amount"/>
    <xs:attribute name="yearEnd" type="r:amount"/>
    <xs:attribute name="changeRate" type="r:percent"/>
  </xs:complexType>

  <xs:complexType name="procurement">
    <xs:attribute name="plan" type="r:amount"/>
    <xs:attribute name="actual" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="fixedAssets">
    <xs:attribute name="total" type="r:amount"/>
    <xs:attribute name="inUse" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="transfers">
    <xs:attribute name="due" type="r:amount"/>
    <xs:attribute name="onTime" type="r:amount"/>
  </xs:complexType>

  <xs:complexType name="budgetApproval">
    <xs:attribute name="status" type="r:budgetApprovalStatus" use="required"/>
  </xs:complexType>

  <xs:complexType name="budgetAdjustments">
    <xs:attribute name="nonPolicy" type="r:count"/>
    <xs:attribute name="over20Percent" type="r:count"/>
    <xs:attribute name="variance50Percent" type="r:count"/>
  </xs:complexType>

  <xs:complexType name="finance">
    <xs:sequence>
      <xs:element name="income" type="r:income" minOccurs="0"/>
      <xs:element name="expenditure" type="r:expenditure" minOccurs="0"/>
      <xs:element name="publicFunds" type="r:budgetFinal" minOccurs="0"/>
      <xs:element name="threePublic" type="r:budgetFinal" minOccurs="0"/>
      <xs:element name="balance" type="r:balance" minOccurs="0"/>
      <xs:element name="treasuryStock" type="r:treasuryStock" minOccurs="0"/>
      <xs:element name="procurement" type="r:procurement" minOccurs="0"/>
      <xs:element name="fixedAssets" type="r:fixedAssets" minOccurs="0"/>
      <xs:element name="transfers" type="r:transfers" minOccurs="0"/>
      <xs:element name="budgetApproval" type="r:budgetApproval" minOccurs="0"/>
      <xs:element name="adjustments" type="r:budgetAdjustments" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>

  <!-- Other figures -->

  <xs:complexType name="keyTasks">
    <xs:attribute name="partyInspection" type="r:percent100"/>
    <xs:attribute name="governmentInspection" type="r:percent100"/>
  </xs:complexType>

  <xs:complexType name="petitions">
    <xs:attribute name="channels" type="r:boolean"/>
    <xs:attribute name="total" type="r:count"/>
    <xs:attribute name="onTime" type="r:count"/>
  </xs:complexType>

  <xs:complexType name="countOnly">
    <xs:attribute name="count" type="r:count"/>
  </xs:complexType>

  <!-- Projects and findings -->

  <xs:complexType name="target">
    <xs:attribute name="name" type="r:text256" use="required"/>
    <xs:attribute name="category" type="r:targetCategory"/>
    <xs:attribute name="unit" type="r:text32"/>
    <xs:attribute name="planned" type="r:targetValue" use="required"/>
    <xs:attribute name="actual" type="r:targetValue"/>
    <xs:attribute name="direction" type="r:targetDirection" default="atLeast"/>
  </xs:complexType>

  <xs:complexType name="arrears">
    <xs:attribute name="amount" type="r:amount"/>
    <xs:attribute name="months" type="r:count"/>
    <xs:attribute name="note" type="r:text4096"/>
  </xs:complexType>

  <xs:complexType name="finding">
    <xs:simpleContent>
      <xs:extension base="r:findingText">
        <xs:attribute name="category" type="r:text64"/>
        <xs:attribute name="project" type="r:text256"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>

  <xs:complexType name="project">
    <xs:sequence>
      <xs:element name="target" type="r:target" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="arrears" type="r:arrears" minOccurs="0"/>
      <xs:element name="finding" type="r:finding" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="code" type="r:text64"/>
    <xs:attribute name="name" type="r:text256" use="required"/>
    <xs:attribute name="kind" type="r:projectKind" use="required"/>
    <!-- Optional: see the deviation noted at the top. -->
    <xs:attribute name="budget" type="r:amount"/>
    <xs:attribute name="allocated" type="r:amount"/>
    <xs:attribute name="spent" type="r:amount"/>
    <xs:attribute name="settlement" type="r:amount"/>
    <xs:attribute name="plannedEnd" type="r:date"/>
    <xs:attribute name="finishedOn" type="r:date"/>
    <xs:attribute name="completed" type="r:boolean"/>
    <xs:attribute name="selfScore" type="r:totalScore"/>
    <xs:attribute name="selfGrade" type="r:grade"/>
    <xs:attribute name="verifiedScore" type="r:totalScore"/>
    <xs:attribute name="verifiedGrade" type="r:grade"/>
  </xs:complexType>

  <xs:complexType name="projects">
    <xs:sequence>
      <xs:element name="project" type="r:project" minOccurs="0" maxOccurs="unbounded">
        <!-- A finding inside a project that names a project names this one. -->
        <xs:key name="projectName">
          <xs:selector xpath="."/>
          <xs:field xpath="@name"/>
        </xs:key>
        <xs:keyref name="findingProject" refer="r:projectName">
          <xs:selector xpath="r:finding"/>
          <xs:field xpath="@project"/>
        </xs:keyref>
      </xs:element>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="projectSummary">
    <xs:attribute name="recurringCount" type="r:count"/>
    <xs:attribute name="recurringBudget" type="r:amount"/>
    <xs:attribute name="oneOffCount" type="r:count"/>
    <xs:attribute name="oneOffBudget" type="r:amount"/>
    <xs:attribute name="oneOffHighBalanceCount" type="r:count"/>
    <xs:attribute name="recurringHighBalanceCount" type="r:count"/>
  </xs:complexType>

  <xs:complexType name="findings">
    <xs:sequence>
      <xs:element name="finding" type="r:finding" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>

</xs:schema>

"""#
}
