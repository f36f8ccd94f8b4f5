var stats = {
    type: "GROUP",
name: "All Requests",
path: "",
pathFormatted: "group_missing-name--1146707516",
stats: {
    "name": "All Requests",
    "numberOfRequests": {
        "total": "6469",
        "ok": "6469",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "26515",
        "ok": "26515",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "5304",
        "ok": "5304",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "7240",
        "ok": "7240",
        "ko": "-"
    },
    "percentiles1": {
        "total": "702",
        "ok": "701",
        "ko": "-"
    },
    "percentiles2": {
        "total": "12304",
        "ok": "12181",
        "ko": "-"
    },
    "percentiles3": {
        "total": "19142",
        "ok": "18419",
        "ko": "-"
    },
    "percentiles4": {
        "total": "24188",
        "ok": "23033",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 3344,
    "percentage": 51.69268820528675
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 257,
    "percentage": 3.972793321997217
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 2868,
    "percentage": 44.33451847271603
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "140.63",
        "ok": "140.63",
        "ko": "-"
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
        "total": "2173",
        "ok": "2173",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "266",
        "ok": "266",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "29",
        "ok": "29",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "40",
        "ok": "40",
        "ko": "-"
    },
    "percentiles1": {
        "total": "13",
        "ok": "13",
        "ko": "-"
    },
    "percentiles2": {
        "total": "28",
        "ok": "28",
        "ko": "-"
    },
    "percentiles3": {
        "total": "123",
        "ok": "123",
        "ko": "-"
    },
    "percentiles4": {
        "total": "188",
        "ok": "188",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 2173,
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
        "total": "47.24",
        "ok": "47.24",
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
        "total": "2173",
        "ok": "2173",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "9",
        "ok": "9",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "2725",
        "ok": "2725",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "938",
        "ok": "938",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "762",
        "ok": "762",
        "ko": "-"
    },
    "percentiles1": {
        "total": "733",
        "ok": "735",
        "ko": "-"
    },
    "percentiles2": {
        "total": "1566",
        "ok": "1558",
        "ko": "-"
    },
    "percentiles3": {
        "total": "2286",
        "ok": "2282",
        "ko": "-"
    },
    "percentiles4": {
        "total": "2607",
        "ok": "2614",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 1171,
    "percentage": 53.8886332259549
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 257,
    "percentage": 11.826967326277037
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 745,
    "percentage": 34.28439944776806
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "47.24",
        "ok": "47.24",
        "ko": "-"
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
        "total": "2123",
        "ok": "2123",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "4592",
        "ok": "4592",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "26515",
        "ok": "26515",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "15173",
        "ok": "15173",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "3706",
        "ok": "3706",
        "ko": "-"
    },
    "percentiles1": {
        "total": "15003",
        "ok": "15003",
        "ko": "-"
    },
    "percentiles2": {
        "total": "17629",
        "ok": "17629",
        "ko": "-"
    },
    "percentiles3": {
        "total": "21549",
        "ok": "21549",
        "ko": "-"
    },
    "percentiles4": {
        "total": "24406",
        "ok": "24406",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 0,
    "percentage": 0.0
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
    "count": 2123,
    "percentage": 100.0
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "46.15",
        "ok": "46.15",
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
