var stats = {
    type: "GROUP",
name: "All Requests",
path: "",
pathFormatted: "group_missing-name--1146707516",
stats: {
    "name": "All Requests",
    "numberOfRequests": {
        "total": "32749",
        "ok": "32397",
        "ko": "352"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "40000"
    },
    "maxResponseTime": {
        "total": "40067",
        "ok": "39752",
        "ko": "40067"
    },
    "meanResponseTime": {
        "total": "1881",
        "ok": "1467",
        "ko": "40005"
    },
    "standardDeviation": {
        "total": "5030",
        "ok": "3100",
        "ko": "8"
    },
    "percentiles1": {
        "total": "121",
        "ok": "114",
        "ko": "40003"
    },
    "percentiles2": {
        "total": "2731",
        "ok": "2691",
        "ko": "40006"
    },
    "percentiles3": {
        "total": "5305",
        "ok": "5190",
        "ko": "40013"
    },
    "percentiles4": {
        "total": "32002",
        "ok": "14606",
        "ko": "40053"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 21388,
    "percentage": 65.30886439280589
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 248,
    "percentage": 0.7572750312986656
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 10761,
    "percentage": 32.85901859598766
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 352,
    "percentage": 1.0748419799077833
},
    "meanNumberOfRequestsPerSecond": {
        "total": "454.85",
        "ok": "449.96",
        "ko": "4.89"
    }
},
contents: {
"req_hold-3208383": {
        type: "REQUEST",
        name: "hold",
path: "hold",
pathFormatted: "req_hold-3208383",
stats: {
    "name": "hold",
    "numberOfRequests": {
        "total": "10919",
        "ok": "10919",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "246",
        "ok": "246",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "11",
        "ok": "11",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "18",
        "ok": "18",
        "ko": "-"
    },
    "percentiles1": {
        "total": "6",
        "ok": "6",
        "ko": "-"
    },
    "percentiles2": {
        "total": "12",
        "ok": "12",
        "ko": "-"
    },
    "percentiles3": {
        "total": "35",
        "ok": "35",
        "ko": "-"
    },
    "percentiles4": {
        "total": "96",
        "ok": "96",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 10919,
    "percentage": 100.0
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 0,
    "percentage": 0.0
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 0,
    "percentage": 0.0
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "151.65",
        "ok": "151.65",
        "ko": "-"
    }
}
    },"req_callback--172220347": {
        type: "REQUEST",
        name: "callback",
path: "callback",
pathFormatted: "req_callback--172220347",
stats: {
    "name": "callback",
    "numberOfRequests": {
        "total": "10919",
        "ok": "10567",
        "ko": "352"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "40000"
    },
    "maxResponseTime": {
        "total": "40067",
        "ok": "39752",
        "ko": "40067"
    },
    "meanResponseTime": {
        "total": "2409",
        "ok": "1156",
        "ko": "40005"
    },
    "standardDeviation": {
        "total": "8257",
        "ok": "4668",
        "ko": "8"
    },
    "percentiles1": {
        "total": "156",
        "ok": "148",
        "ko": "40003"
    },
    "percentiles2": {
        "total": "352",
        "ok": "319",
        "ko": "40006"
    },
    "percentiles3": {
        "total": "15189",
        "ok": "3626",
        "ko": "40013"
    },
    "percentiles4": {
        "total": "40004",
        "ok": "32364",
        "ko": "40053"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 9536,
    "percentage": 87.33400494550783
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 222,
    "percentage": 2.0331532191592636
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 809,
    "percentage": 7.409103397747047
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 352,
    "percentage": 3.2237384375858595
},
    "meanNumberOfRequestsPerSecond": {
        "total": "151.65",
        "ok": "146.76",
        "ko": "4.89"
    }
}
    },"req_await-reply--143079520": {
        type: "REQUEST",
        name: "await reply",
path: "await reply",
pathFormatted: "req_await-reply--143079520",
stats: {
    "name": "await reply",
    "numberOfRequests": {
        "total": "10911",
        "ok": "10911",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "7566",
        "ok": "7566",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "3224",
        "ok": "3224",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "1457",
        "ok": "1457",
        "ko": "-"
    },
    "percentiles1": {
        "total": "3020",
        "ok": "3020",
        "ko": "-"
    },
    "percentiles2": {
        "total": "4381",
        "ok": "4381",
        "ko": "-"
    },
    "percentiles3": {
        "total": "5472",
        "ok": "5472",
        "ko": "-"
    },
    "percentiles4": {
        "total": "5968",
        "ok": "5968",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 933,
    "percentage": 8.551003574374484
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 26,
    "percentage": 0.23829163229768124
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 9952,
    "percentage": 91.21070479332784
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "151.54",
        "ok": "151.54",
        "ko": "-"
    }
}
    }
}

}

function fillStats(stat){
    $("#numberOfRequests").append(stat.numberOfRequests.total);
    $("#numberOfRequestsOK").append(stat.numberOfRequests.ok);
    $("#numberOfRequestsKO").append(stat.numberOfRequests.ko);

    $("#minResponseTime").append(stat.minResponseTime.total);
    $("#minResponseTimeOK").append(stat.minResponseTime.ok);
    $("#minResponseTimeKO").append(stat.minResponseTime.ko);

    $("#maxResponseTime").append(stat.maxResponseTime.total);
    $("#maxResponseTimeOK").append(stat.maxResponseTime.ok);
    $("#maxResponseTimeKO").append(stat.maxResponseTime.ko);

    $("#meanResponseTime").append(stat.meanResponseTime.total);
    $("#meanResponseTimeOK").append(stat.meanResponseTime.ok);
    $("#meanResponseTimeKO").append(stat.meanResponseTime.ko);

    $("#standardDeviation").append(stat.standardDeviation.total);
    $("#standardDeviationOK").append(stat.standardDeviation.ok);
    $("#standardDeviationKO").append(stat.standardDeviation.ko);

    $("#percentiles1").append(stat.percentiles1.total);
    $("#percentiles1OK").append(stat.percentiles1.ok);
    $("#percentiles1KO").append(stat.percentiles1.ko);

    $("#percentiles2").append(stat.percentiles2.total);
    $("#percentiles2OK").append(stat.percentiles2.ok);
    $("#percentiles2KO").append(stat.percentiles2.ko);

    $("#percentiles3").append(stat.percentiles3.total);
    $("#percentiles3OK").append(stat.percentiles3.ok);
    $("#percentiles3KO").append(stat.percentiles3.ko);

    $("#percentiles4").append(stat.percentiles4.total);
    $("#percentiles4OK").append(stat.percentiles4.ok);
    $("#percentiles4KO").append(stat.percentiles4.ko);

    $("#meanNumberOfRequestsPerSecond").append(stat.meanNumberOfRequestsPerSecond.total);
    $("#meanNumberOfRequestsPerSecondOK").append(stat.meanNumberOfRequestsPerSecond.ok);
    $("#meanNumberOfRequestsPerSecondKO").append(stat.meanNumberOfRequestsPerSecond.ko);
}
