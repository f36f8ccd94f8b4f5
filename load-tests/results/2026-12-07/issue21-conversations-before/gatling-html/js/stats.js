var stats = {
    type: "GROUP",
name: "All Requests",
path: "",
pathFormatted: "group_missing-name--1146707516",
stats: {
    "name": "All Requests",
    "numberOfRequests": {
        "total": "24463",
        "ok": "24463",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "20209",
        "ok": "20209",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "2509",
        "ok": "2509",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "3610",
        "ok": "3610",
        "ko": "-"
    },
    "percentiles1": {
        "total": "99",
        "ok": "99",
        "ko": "-"
    },
    "percentiles2": {
        "total": "6018",
        "ok": "6037",
        "ko": "-"
    },
    "percentiles3": {
        "total": "9274",
        "ok": "9181",
        "ko": "-"
    },
    "percentiles4": {
        "total": "13268",
        "ok": "13445",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 15845,
    "percentage": 64.77128725013286
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 170,
    "percentage": 0.6949270326615705
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 8448,
    "percentage": 34.533785717205575
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "339.76",
        "ok": "339.76",
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
        "total": "8165",
        "ok": "8165",
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
        "total": "7",
        "ok": "7",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "17",
        "ok": "17",
        "ko": "-"
    },
    "percentiles1": {
        "total": "2",
        "ok": "2",
        "ko": "-"
    },
    "percentiles2": {
        "total": "7",
        "ok": "7",
        "ko": "-"
    },
    "percentiles3": {
        "total": "23",
        "ok": "23",
        "ko": "-"
    },
    "percentiles4": {
        "total": "71",
        "ok": "71",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 8165,
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
        "total": "113.4",
        "ok": "113.4",
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
        "total": "8164",
        "ok": "8164",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "1",
        "ok": "1",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "20209",
        "ok": "20209",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "695",
        "ok": "695",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "2584",
        "ok": "2584",
        "ko": "-"
    },
    "percentiles1": {
        "total": "104",
        "ok": "104",
        "ko": "-"
    },
    "percentiles2": {
        "total": "233",
        "ok": "233",
        "ko": "-"
    },
    "percentiles3": {
        "total": "2262",
        "ok": "2262",
        "ko": "-"
    },
    "percentiles4": {
        "total": "15776",
        "ok": "15769",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 7477,
    "percentage": 91.58500734933855
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 160,
    "percentage": 1.9598236158745712
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 527,
    "percentage": 6.455169034786869
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "113.39",
        "ok": "113.39",
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
        "total": "8134",
        "ok": "8134",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "13087",
        "ok": "13087",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "6842",
        "ok": "6842",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "2032",
        "ok": "2032",
        "ko": "-"
    },
    "percentiles1": {
        "total": "6788",
        "ok": "6788",
        "ko": "-"
    },
    "percentiles2": {
        "total": "7364",
        "ok": "7364",
        "ko": "-"
    },
    "percentiles3": {
        "total": "10818",
        "ok": "10818",
        "ko": "-"
    },
    "percentiles4": {
        "total": "11881",
        "ok": "11881",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 203,
    "percentage": 2.495697074010327
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 10,
    "percentage": 0.12294074256208506
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 7921,
    "percentage": 97.38136218342758
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "112.97",
        "ok": "112.97",
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
