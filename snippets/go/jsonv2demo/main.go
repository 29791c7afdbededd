// Command jsonv2demo puts encoding/json (v1) and encoding/json/v2 side by
// side on the inputs where their defaults differ. In Go 1.27 v1 runs on the
// v2 implementation with options that keep its historical behaviour, so the
// two columns differ only where the defaults differ. Output is compared with
// main.out.
package main

import (
	jsonv1 "encoding/json"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"fmt"
	"time"
)

func main() {
	nilAndOmit()
	caseAndDuplicates()
	options()
}

// --8<-- [start:marshal]
type Deployment struct {
	Name     string            `json:"name"`
	Replicas int               `json:"replicas,omitzero"` // 零值时省略（v1 自 Go 1.24 也支持）
	Labels   map[string]string `json:"labels"`
	Ports    []int             `json:"ports"`
	Paused   bool              `json:"paused,omitempty"`
	Updated  time.Time         `json:"updated,omitzero"` // 按 IsZero() 判断；omitempty 在 v1、v2 里都省略不了零值 time.Time
}

func nilAndOmit() {
	d := Deployment{Name: "web"} // Labels、Ports 都是 nil
	v1, _ := jsonv1.Marshal(d)
	v2, err := json.Marshal(d)
	fmt.Println("v1:", string(v1)) // nil 切片和 map 编码成 null
	fmt.Println("v2:", string(v2), err)
}

// --8<-- [end:marshal]

// --8<-- [start:unmarshal]
func caseAndDuplicates() {
	in := []byte(`{"NAME":"web","replicas":2}`)
	var a, b Deployment
	errV1 := jsonv1.Unmarshal(in, &a)
	errV2 := json.Unmarshal(in, &b)
	// v1 大小写不敏感地匹配字段名；v2 默认精确匹配，"NAME" 被当作未知成员忽略。
	fmt.Printf("v1 name=%q err=%v\n", a.Name, errV1)
	fmt.Printf("v2 name=%q err=%v\n", b.Name, errV2)

	dup := []byte(`{"name":"web","name":"evil"}`)
	errV1 = jsonv1.Unmarshal(dup, &a)
	errV2 = json.Unmarshal(dup, &b)
	// 重复的成员名：v1 后者覆盖前者，v2 直接报错（防止解析器差异被利用）。
	fmt.Printf("v1 name=%q err=%v\n", a.Name, errV1)
	fmt.Println("v2 duplicate rejected:", errV2 != nil)
	// 确实需要兼容时，用 jsontext 的选项显式放开。
	errV2 = json.Unmarshal(dup, &b, jsontext.AllowDuplicateNames(true))
	fmt.Printf("v2 allow duplicates name=%q err=%v\n", b.Name, errV2)
}

// --8<-- [end:unmarshal]

// --8<-- [start:options]
func options() {
	d := Deployment{Name: "web"}
	// 选项按调用传入，不再是 Encoder 上的全局开关。
	out, _ := json.Marshal(d,
		json.FormatNilSliceAsNull(true), // 迁移期间保留 v1 的 null
		json.FormatNilMapAsNull(true))
	fmt.Println("v2 with v1-style nils:", string(out))
	// 未知字段报错，适合严格校验配置文件。
	var x Deployment
	err := json.Unmarshal([]byte(`{"name":"web","replica":3}`), &x, json.RejectUnknownMembers(true))
	fmt.Println("unknown member rejected:", err != nil)
}

// --8<-- [end:options]
