// Uses ExprGrad the way a user would: from packages in a local folder feed.
// Pack first, from the repository root (README, "Use it in your project"):
//   stamp=$(date -u +%Y%m%d%H%M%S)
//   dotnet pack ExprGrad.sln -c Release -o /tmp/exprgrad-feed -p:LocalPackStamp=$stamp
// then put the version that pack printed (ExprGrad.FSharp.<version>.nupkg) in the #r line below; every pack has
// a new version, so fsi never reuses an older copy from ~/.nuget/packages. CI runs a copy of this script with
// its own feed and version substituted into the two lines below.
// Run: dotnet fsi examples/fsharp/package-consumer.fsx
#i "nuget: /tmp/exprgrad-feed"
#r "nuget: ExprGrad.FSharp, 0.0.0-alpha.0.41.local.20261128060022"

open ExprGrad
open ExprGrad.FSharp

let value, gradient = valueAndGrad <@ fun (x, y, z) -> (x + y) * z @> (-2.0, 5.0, -4.0)
let csharpRoute = (Grad.Of(fun (x: float) -> x * x)).Invoke 3.0
printfn "value %g, gradient %A, d(x²)/dx at 3 = %g" value gradient csharpRoute
if value <> -12.0 || gradient <> (-4.0, -4.0, 3.0) || csharpRoute <> 6.0 then exit 1
