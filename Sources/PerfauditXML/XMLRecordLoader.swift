import CLibXML2
import PerfauditCore
