module example.com/cnig

go 1.26
