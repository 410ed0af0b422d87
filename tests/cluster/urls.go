package main

import neturl "net/url"

type url = neturl.URL

func mustURL(s string) url {
	u, err := neturl.Parse(s)
	if err != nil {
		panic(err)
	}
	return *u
}
